using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// Softmax along a dim: y = e^(x - max) / Σ e^(x - max); backward dx = y·(dy - Σ dy·y). Attributes:
    /// Numbers = [dim] as written (negative counts from the end), or empty when no dim is written: PyTorch's
    /// legacy implicit dim, resolved here from the input's rank, which is known at build time (0 for 0-, 1- and
    /// 3-D inputs, else 1, as the runtime's <c>F.ImplicitSoftmaxDim</c>). The kernels work on any dim as
    /// [outer, n, inner] blocks. <see cref="LogSoftmaxOp"/> shares the dim handling.
    /// </summary>
    internal class SoftmaxOp : OpDefinition, IKernelOp
    {
        public override string Name => "Softmax";

        public override OpForms Forms { get; } = OpForms.Activation("Softmax", "Softmax");

        public override IReadOnlyList<string> ShapeArguments { get; } = new[] { "dim" };

        /// <summary>The Softmax family's kernel pair: <c>Softmax</c> and <c>SoftmaxBackward</c>.</summary>
        protected virtual string Kernel => "Softmax";

        public override bool PreservesShape => true;

        public override NodeAttributes? FromLayer(BuildContext context) => Dim(context);

        public override NodeAttributes? FromCall(BuildContext context) => Dim(context);

        private static NodeAttributes? Dim(BuildContext context)
        {
            if (context.Arg("dim") is null) return NodeAttributes.None; // the implicit dim, resolved from the rank
            var dim = context.Constant("dim");
            if (dim is null) return null;
            return NodeAttributes.WithNumbers(dim.Number);
        }

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            var input = inputs[0];
            int dim = DimOf(node, input.Rank);
            int rank = System.Math.Max(input.Rank, 1);
            if (dim < -rank || dim >= rank)
            {
                context.Report(new CheckMessage(DiagnosticDescriptors.SoftmaxDimOutOfRange, Name, node.Label, dim, input, input.Rank, -rank, rank - 1));
                return null;
            }

            return input;
        }

        /// <summary>
        /// A written dim works unbatched when it counts from the end and stops short of the batch. The implicit dim
        /// does when the rank without the batch picks the same dim: rank 2 (dim 1, the features; a [features] input
        /// picks dim 0) and rank 4 (dim 1; a 3-D input picks dim 0).
        /// </summary>
        public override bool WorksUnbatched(GraphNode node)
        {
            int rank = node.Shape.Rank;
            if (!IsImplicit(node)) return node.Attributes.Numbers[0] < 0 && node.Attributes.Numbers[0] + rank >= 1;
            return ImplicitDim(rank) >= 1 && ImplicitDim(rank) - 1 == ImplicitDim(rank - 1);
        }

        /// <summary>The implicit dim changes with the number of leading dimensions: a [A, B, features] input picks dim 0, its rows as [A·B, features] dim 1.</summary>
        public override bool WorksOnLeadingDims(GraphNode node) => !IsImplicit(node) && WorksUnbatched(node);

        public override string Describe(GraphNode node) =>
            IsImplicit(node) ? $"{Name}(implicit dim={DimOf(node, node.Shape.Rank)})" : $"{Name}(dim={(int)node.Attributes.Numbers[0]})";

        private static bool IsImplicit(GraphNode node) => node.Attributes.Numbers.Count == 0;

        /// <summary>The dim as written, or the implicit dim for an input of <paramref name="rank"/>.</summary>
        private static int DimOf(GraphNode node, int rank) => IsImplicit(node) ? ImplicitDim(rank) : (int)node.Attributes.Numbers[0];

        /// <summary>PyTorch's <c>_get_softmax_dim</c>: 0 for 0-, 1- and 3-D inputs, else 1.</summary>
        private static int ImplicitDim(int rank) => rank == 0 || rank == 1 || rank == 3 ? 0 : 1;

        /// <summary>ONNX's Softmax and LogSoftmax (opset 13+) normalize along one axis, as PyTorch's dim (the implicit one resolved here).</summary>
        public override bool LowerToOnnx(OnnxContext c) => c.Single(Name, OnnxContext.Int("axis", DimOf(c.Node, c.Node.Shape.Rank)));

        public IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node) => System.Array.Empty<SavedBuffer>();

        public IReadOnlyList<KernelValue> Values(GraphNode node) => System.Array.Empty<KernelValue>();

        public IEnumerable<KernelCall> Forward(KernelLowering c)
        {
            var (outer, n, inner) = Blocks(c.Node, c.InputShapes[0]);
            yield return new KernelCall("Softmax", Kernel, null, KernelArgument.Input(0), KernelArgument.Output,
                KernelArgument.Dim(outer), KernelArgument.Dim(n), KernelArgument.Dim(inner));
        }

        public IEnumerable<KernelCall> Backward(KernelLowering c)
        {
            var (outer, n, inner) = Blocks(c.Node, c.InputShapes[0]);
            yield return new KernelCall("Softmax", Kernel + "Backward", null, KernelArgument.Output, KernelArgument.OutputGradient, KernelArgument.InputGradient(0),
                KernelArgument.Dim(outer), KernelArgument.Dim(n), KernelArgument.Dim(inner), KernelArgument.Accumulate(c.Accumulate(0)));
        }

        /// <summary>The input as [outer, n, inner] around the softmax dim, the blocks both backends' kernels take.</summary>
        private static (SymDim Outer, SymDim N, SymDim Inner) Blocks(GraphNode node, SymShape shape)
        {
            if (shape.Rank == 0) return (SymDim.Const(1), SymDim.Const(1), SymDim.Const(1));
            int dim = DimOf(node, shape.Rank);
            if (dim < 0) dim += shape.Rank;
            return (SymDim.Product(shape.Dims.Take(dim)), shape[dim], SymDim.Product(shape.Dims.Skip(dim + 1)));
        }
    }
}
