using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>How the planner treats an op.</summary>
    internal enum OpCategory
    {
        /// <summary>A graph input: no code.</summary>
        Input,

        /// <summary>Same data, new shape (View, Flatten): no code, the buffer is shared.</summary>
        View,

        /// <summary>One value per element from same-shaped operands: fusable into chains and GEMM epilogues.</summary>
        Elementwise,

        /// <summary>A kernel of its own (softmax, dropout, reductions, broadcasting arithmetic).</summary>
        Kernel,

        /// <summary>A matrix product over a layer's weights: its own kernel, with an activation fusable into its epilogue.</summary>
        Gemm,
    }

    /// <summary>
    /// One op, everything about it in one file: how it is written in Forward (its attributes), its shape
    /// rule, and (in the subclasses) its derivative and the code each backend emits for it.
    /// </summary>
    internal abstract class OpDefinition
    {
        /// <summary>The IR name (<c>Linear</c>, <c>Relu</c>, <c>Add</c>).</summary>
        public abstract string Name { get; }

        public virtual OpCategory Category => OpCategory.Kernel;

        /// <summary>How Forward writes the op: its layer types, F.* functions, Tensor methods, operator (the registry reads these).</summary>
        public virtual OpForms Forms => OpForms.None;

        /// <summary>The layer constructor's parameters that decide shapes: each must be a constant or a constructor parameter (else GG0005).</summary>
        public virtual IReadOnlyList<string> ShapeArguments => System.Array.Empty<string>();

        /// <summary>Problems with a layer's constant arguments, reported where the layer is created (Dropout's p outside [0, 1]).</summary>
        public virtual IEnumerable<DiagnosticInfo> CheckLayer(LayerSpec layer)
        {
            yield break;
        }

        /// <summary>
        /// The state-dict entries a layer of this op holds, with their shapes as the constructor writes them (for the
        /// generated documentation), given each constructor argument's text: Linear's <c>("weight", "[out, in]")</c>.
        /// </summary>
        public virtual IEnumerable<(string Key, string Shape)> ParameterDocs(System.Func<string, string> argument)
        {
            yield break;
        }

        /// <summary>True when the output has the input's shape and feature meaning (messages look through it).</summary>
        public virtual bool PreservesShape => false;

        /// <summary>The node's attributes from a call in Forward (<c>F.Softmax(x, 1)</c>), or null after reporting a problem.</summary>
        public virtual NodeAttributes? FromCall(BuildContext context) => NodeAttributes.None;

        /// <summary>The node's attributes from a layer object (<c>new Softmax(dim: 1)</c>), or null after reporting a problem.</summary>
        public virtual NodeAttributes? FromLayer(BuildContext context) => NodeAttributes.None;

        /// <summary>The shape rule: the output shape from the inputs', or null after reporting a diagnostic.</summary>
        public abstract SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs);

        /// <summary>
        /// Whether the op computes the same on an unbatched input (its batch dimension removed) as on a batch
        /// of one: true for ops that treat dim 0 as the batch; false where a positive dim or a reshape would shift.
        /// </summary>
        public virtual bool WorksUnbatched(GraphNode node) => true;

        /// <summary>
        /// Whether the op computes the same when the batch is several leading dimensions flattened into one
        /// ([A, B, features] run as [A·B, features]): as <see cref="WorksUnbatched"/>, except where the op's dim is
        /// chosen from the input's rank (Softmax without a dim), which more leading dimensions would change.
        /// </summary>
        public virtual bool WorksOnLeadingDims(GraphNode node) => WorksUnbatched(node);

        /// <summary>
        /// The layer's parameters, as the layer's properties name them (<c>Weight</c>, <c>Bias</c>): the compiled Call
        /// checks their device and dtype, hands them to autograd, and its backward delivers their gradients in this
        /// order. A node with parameters always needs its gradient.
        /// </summary>
        public virtual IReadOnlyList<string> Parameters => System.Array.Empty<string>();

        /// <summary>
        /// The layer's int properties that hold the attribute dimensions at run time, by position (Linear: InFeatures,
        /// OutFeatures): where the compiled code reads a constructor parameter used as a size.
        /// </summary>
        public virtual IReadOnlyList<string> DimensionMembers => System.Array.Empty<string>();

        /// <summary>Whether the compiled code reads the node's layer object at run time (weights, p, a slope).</summary>
        public virtual bool ReadsLayer(GraphNode node) => false;

        /// <summary>
        /// The op in eval mode as ONNX nodes (opset 20), added to <paramref name="c"/>: its operator, attributes and any
        /// decomposition. Adding no node passes the first input through (Dropout). Returns false, with the reason given
        /// to <see cref="OnnxContext.Unsupported"/>, where the op has no ONNX form: the exporter throws naming the op.
        /// </summary>
        public virtual bool LowerToOnnx(OnnxContext c) => c.Unsupported($"{Name} has no ONNX lowering yet");

        /// <summary>How the node reads in the generated shape comment: <c>Linear(numInputs -> 5)</c>.</summary>
        public virtual string Describe(GraphNode node) => Name;
    }
}
