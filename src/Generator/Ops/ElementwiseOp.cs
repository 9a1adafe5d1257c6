using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// An op computed element by element. It is described by scalar C# expressions — the forward value and
    /// each operand's gradient — from which the planner builds fused loops for any backend (the same text is
    /// valid in a CPU loop and in an ILGPU kernel).
    /// </summary>
    internal abstract class ElementwiseOp : OpDefinition
    {
        public override OpCategory Category => OpCategory.Elementwise;

        /// <summary>The output value from the operands' values (C# float expressions).</summary>
        public abstract string Forward(GraphNode node, IReadOnlyList<string> operands, ScalarArguments scalars);

        /// <summary>
        /// Each tensor operand's gradient given the operands, the output <paramref name="y"/> and the output's
        /// gradient <paramref name="g"/> (all C# float expressions); null for an operand with no gradient.
        /// </summary>
        public abstract string?[] Backward(GraphNode node, IReadOnlyList<string> operands, string y, string g, ScalarArguments scalars);

        /// <summary>True when the backward only needs the output (the input can be dropped): ReLU, sigmoid, tanh, exp.</summary>
        public virtual bool BackwardUsesOutputOnly => false;

        /// <summary>Values read at run time (a layer's negative slope) that the kernel takes as float parameters.</summary>
        public virtual IEnumerable<RuntimeScalar> RuntimeScalars(GraphNode node)
        {
            yield break;
        }

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs) => inputs[0];

        public override bool PreservesShape => true;
    }

    /// <summary>A float a kernel reads at run time: its parameter name and the C# expression over the layer that gives it.</summary>
    internal sealed record RuntimeScalar(string Name, string Member);

    /// <summary>Resolves the names under which a node's <see cref="RuntimeScalar"/>s reach a kernel.</summary>
    internal delegate string ScalarArguments(string name);
}
