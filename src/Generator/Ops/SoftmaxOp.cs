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
    /// Numbers = [dim] as written (negative counts from the end). The kernels work on any dim as
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
            var dim = context.Constant("dim");
            if (dim is null) return null;
            return NodeAttributes.WithNumbers(dim.Number);
        }

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            var input = inputs[0];
            int dim = (int)node.Attributes.Numbers[0];
            int rank = System.Math.Max(input.Rank, 1);
            if (dim < -rank || dim >= rank)
            {
                context.Report(new CheckMessage(DiagnosticDescriptors.SoftmaxDimOutOfRange, Name, node.Label, dim, input, input.Rank, -rank, rank - 1));
                return null;
            }

            return input;
        }

        public override bool WorksUnbatched(GraphNode node) => node.Attributes.Numbers[0] < 0;

        public override string Describe(GraphNode node) => $"{Name}(dim={(int)node.Attributes.Numbers[0]})";

        public IReadOnlyList<string> SavedBuffers(GraphNode node) => System.Array.Empty<string>();

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
            int dim = (int)node.Attributes.Numbers[0];
            if (dim < 0) dim += shape.Rank;
            return (SymDim.Product(shape.Dims.Take(dim)), shape[dim], SymDim.Product(shape.Dims.Skip(dim + 1)));
        }
    }
}
