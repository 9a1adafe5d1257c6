using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Emit;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// Softmax along a dim: y = e^(x - max) / Σ e^(x - max); backward dx = y·(dy - Σ dy·y). Attributes:
    /// Numbers = [dim] as written (negative counts from the end). The kernels work on any dim as
    /// [outer, n, inner] blocks. <see cref="LogSoftmaxOp"/> shares the dim handling.
    /// </summary>
    internal class SoftmaxOp : OpDefinition, ICpuKernelOp, IGpuKernelOp
    {
        public override string Name => "Softmax";

        public override OpForms Forms { get; } = OpForms.Activation("Softmax", "Softmax");

        public override IReadOnlyList<string> ShapeArguments { get; } = new[] { "dim" };

        /// <summary>The GraphGen.Kernels.Cpu.SoftmaxKernels method pair.</summary>
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

        /// <summary>ONNX's Softmax and LogSoftmax (opset 13+) normalize along one axis, as PyTorch's dim.</summary>
        public override bool LowerToOnnx(OnnxContext c) => c.Single(Name, OnnxContext.Int("axis", (long)c.Node.Attributes.Numbers[0]));

        public override string Describe(GraphNode node) => $"{Name}(dim={(int)node.Attributes.Numbers[0]})";

        public IReadOnlyList<string> SavedBuffers(GraphNode node) => System.Array.Empty<string>();

        public IReadOnlyList<KernelArgument> Arguments(GraphNode node) => System.Array.Empty<KernelArgument>();

        public void EmitCpuForward(CpuOpContext c)
        {
            var (outer, n, inner) = Blocks(c.Node, c.InputShapes[0], c.Dim);
            c.W.Line($"global::GraphGen.Kernels.Cpu.SoftmaxKernels.{Kernel}(x, y, {outer}, {n}, {inner});");
        }

        public void EmitCpuBackward(CpuOpContext c)
        {
            var (outer, n, inner) = Blocks(c.Node, c.InputShapes[0], c.Dim);
            c.W.Line($"global::GraphGen.Kernels.Cpu.SoftmaxKernels.{Kernel}Backward(y, dy, dx, {outer}, {n}, {inner}, accumulate: {CpuOpContext.Bool(c.Accumulate(0))});");
        }

        public string GpuForward(GpuOpContext c)
        {
            var (outer, n, inner) = Blocks(c.Node, c.InputShape, c.Dim);
            return $"global::GraphGen.Compiled.Gpu.GpuOps.Softmax(ws, {c.X[0]}, {c.Y}, {outer}, {n}, {inner}, log: {CpuOpContext.Bool(Name == "LogSoftmax")});";
        }

        public string GpuBackward(GpuOpContext c)
        {
            var (outer, n, inner) = Blocks(c.Node, c.InputShape, c.Dim);
            return $"global::GraphGen.Compiled.Gpu.GpuOps.SoftmaxBackward(ws, {c.Y}, {c.Dy}, {c.Dx}, {outer}, {n}, {inner}, log: {CpuOpContext.Bool(Name == "LogSoftmax")}, accumulate: {CpuOpContext.Bool(c.Accumulate)});";
        }

        /// <summary>The input as [outer, n, inner] around the softmax dim, the blocks both backends' kernels take.</summary>
        private static (string Outer, string N, string Inner) Blocks(GraphNode node, SymShape shape, System.Func<SymDim, string> code)
        {
            if (shape.Rank == 0) return ("1", "1", "1");
            int dim = (int)node.Attributes.Numbers[0];
            if (dim < 0) dim += shape.Rank;
            return (code(SymDim.Product(shape.Dims.Take(dim))), code(shape[dim]), code(SymDim.Product(shape.Dims.Skip(dim + 1))));
        }
    }
}
