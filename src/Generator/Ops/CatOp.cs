using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// <c>F.Cat(new[] { a, b }, dim)</c> and <c>Tensor.Cat([a, b], dim)</c>: the tensors joined along dim, which must
    /// have the same rank and the same sizes in every other dim (GG0123; GG0106 for a dim out of range). The joined
    /// sizes must be constants (their sum is the output's size). Around the dim the output is [outer, total] blocks
    /// and each input fills its own columns, so forward is one copy per input and backward one slice per input.
    /// Attributes: Numbers = [dim] as written.
    /// </summary>
    internal sealed class CatOp : OpDefinition, IKernelOp
    {
        public override string Name => "Cat";

        public override OpForms Forms { get; } = new(function: "Cat");

        public override NodeAttributes? FromCall(BuildContext context)
        {
            var dim = context.Constant("dim", ValueSpec.Constant(0, "0", null));
            return dim is null ? null : NodeAttributes.WithNumbers(dim.Number);
        }

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            var first = inputs[0];
            int written = (int)node.Attributes.Numbers[0];
            int rank = first.Rank;
            if (rank == 0 || written < -rank || written >= rank)
            {
                context.Report(new CheckMessage(DiagnosticDescriptors.DimOutOfRange, node.Label, written, first, rank, -System.Math.Max(rank, 1), System.Math.Max(rank, 1) - 1));
                return null;
            }

            int dim = written < 0 ? written + rank : written;
            string shapes = string.Join(" and ", inputs.Select(s => s.ToString()));
            for (int i = 0; i < inputs.Count; i++)
            {
                var shape = inputs[i];
                if (shape.Rank != rank)
                {
                    context.Report(new CheckMessage(DiagnosticDescriptors.CatShapeMismatch, node.Label, shapes, written, i, shape, "rank", rank));
                    return null;
                }

                for (int d = 0; d < rank; d++)
                {
                    if (d == dim) continue;
                    if (!context.RequireEqual(first[d], shape[d], new CheckMessage(DiagnosticDescriptors.CatShapeMismatch, node.Label, shapes, written, i, shape, "dim " + d, first[d])))
                        return null;
                }
            }

            long joined = 0;
            for (int i = 0; i < inputs.Count; i++)
            {
                var size = context.Resolve(inputs[i][dim]);
                if (!size.IsConstant)
                {
                    context.Report(new CheckMessage(DiagnosticDescriptors.UnsupportedExpression, node.Label,
                        $"Cat joins along dim {written}, where tensor {i} has the size {size} that is not a constant (the compiled code sums the joined sizes at build time)", DiagnosticDescriptors.AllowedInForward));
                    return null;
                }

                joined += size.Coef;
            }

            var dims = first.Dims.Select(context.Resolve).ToList();
            dims[dim] = SymDim.Const(joined);
            return new SymShape(dims.ToEquatableArray());
        }

        /// <summary>A dim counted from the end stops short of the batch; a positive one would shift without it.</summary>
        public override bool WorksUnbatched(GraphNode node) => node.Attributes.Numbers[0] < 0 && node.Attributes.Numbers[0] + node.Shape.Rank >= 1;

        public override string Describe(GraphNode node) => $"Cat(dim={(int)node.Attributes.Numbers[0]})";

        public override bool LowerToOnnx(OnnxContext c) => c.Single("Concat", OnnxContext.Int("axis", (long)c.Node.Attributes.Numbers[0]));

        public IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node) => System.Array.Empty<SavedBuffer>();

        public IReadOnlyList<KernelValue> Values(GraphNode node) => System.Array.Empty<KernelValue>();

        public IEnumerable<KernelCall> Forward(KernelLowering c)
        {
            var (outer, total, parts) = Blocks(c);
            for (int i = 0; i < parts.Count; i++)
                yield return new KernelCall("Cat", "CopyInto", i == 0 ? $"y[{outer}, {total}]: each input fills its columns" : null,
                    KernelArgument.Input(i), KernelArgument.Output, KernelArgument.Dim(outer), KernelArgument.Dim(parts[i].Width), KernelArgument.Dim(parts[i].Offset), KernelArgument.Dim(total));
        }

        public IEnumerable<KernelCall> Backward(KernelLowering c)
        {
            var (outer, total, parts) = Blocks(c);
            for (int i = 0; i < parts.Count; i++)
            {
                // The same tensor joined twice gets both slices: the second adds onto the first.
                bool accumulate = c.Accumulate(c.Kernel.Inputs.IndexOf(c.Node.Inputs[i])) || c.Node.Inputs.Take(i).Contains(c.Node.Inputs[i]);
                yield return new KernelCall("Cat", "SliceGradient", $"tensor {i}: dx {(accumulate ? "+=" : "=")} dy's columns [{parts[i].Offset}, +{parts[i].Width})",
                    KernelArgument.OutputGradient, KernelArgument.InputGradient(i), KernelArgument.Dim(outer), KernelArgument.Dim(parts[i].Width), KernelArgument.Dim(parts[i].Offset),
                    KernelArgument.Dim(total), KernelArgument.Accumulate(accumulate));
            }
        }

        /// <summary>The output as [outer, total] around the joined dim, and each input's width and column offset there.</summary>
        private static (SymDim Outer, SymDim Total, List<(SymDim Width, SymDim Offset)> Parts) Blocks(KernelLowering c)
        {
            var output = c.Node.Shape;
            int dim = (int)c.Node.Attributes.Numbers[0];
            if (dim < 0) dim += output.Rank;
            var inner = SymDim.Product(output.Dims.Skip(dim + 1));
            var parts = new List<(SymDim, SymDim)>();
            long offset = 0;
            foreach (var shape in c.InputShapes)
            {
                long size = shape[dim].Coef;
                parts.Add((SymDim.Const(size).Times(inner), SymDim.Const(offset).Times(inner)));
                offset += size;
            }

            return (SymDim.Product(output.Dims.Take(dim)), output[dim].Times(inner), parts);
        }
    }
}
