using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// An op computed element by element. It is described by <see cref="ScalarExpr"/>s — the forward value and
    /// each operand's gradient — from which fused loops are built (Autodiff.ScalarAdjoint) and rendered by each
    /// backend's math table (CPU scalar, CPU SIMD, GPU).
    /// </summary>
    internal abstract class ElementwiseOp : OpDefinition
    {
        public override OpCategory Category => OpCategory.Elementwise;

        /// <summary>The output value from the operands' values.</summary>
        public abstract ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> operands, ScalarArguments scalars);

        /// <summary>
        /// Each tensor operand's gradient given the operands, the output <paramref name="y"/> and the output's
        /// gradient <paramref name="g"/>; null for an operand with no gradient.
        /// </summary>
        public abstract ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> operands, ScalarExpr y, ScalarExpr g, ScalarArguments scalars);

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

    /// <summary>A node's <see cref="RuntimeScalar"/> (by its name there) as the kernel parameter that carries it.</summary>
    internal delegate ScalarExpr ScalarArguments(string name);
}
