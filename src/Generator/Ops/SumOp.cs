using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// Sum of all elements (a scalar) or along one dim (keepDim as PyTorch); backward spreads dy back over
    /// the summed elements. Attributes: Numbers = [] for all, or [dim, keepDim ? 1 : 0]. <see cref="MeanOp"/>
    /// is the same with a 1/n scale.
    /// </summary>
    internal class SumOp : OpDefinition, IKernelOp
    {
        public override string Name => "Sum";

        public override OpForms Forms { get; } = new(methods: new[] { "Sum" });

        /// <summary>Mean divides by the number of summed elements.</summary>
        protected virtual bool IsMean => false;

        public override NodeAttributes? FromCall(BuildContext context)
        {
            if (context.ArgSpec("dims") is { } dims)
            {
                context.Report(DiagnosticDescriptors.NonConstantArgument, dims.Values.Count > 0 ? dims.Values[0].Location : context.Location, context.Label, "dims",
                    "an array (reduce over one dim at a time: Sum(dim, keepDim))");
                return null;
            }

            var dim = context.Arg("dim");
            if (dim is null) return NodeAttributes.None;
            var d = context.RequireConstant(dim, "dim");
            var keep = context.Constant("keepDim", ValueSpec.Constant(0, "false", null));
            if (d is null || keep is null) return null;
            return NodeAttributes.WithNumbers(d.Number, keep.Number);
        }

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            var input = inputs[0];
            if (node.Attributes.Numbers.Count == 0) return SymShape.Scalar;
            int rank = System.Math.Max(input.Rank, 1);
            int dim = (int)node.Attributes.Numbers[0];
            if (dim < -rank || dim >= rank)
            {
                context.Report(new CheckMessage(DiagnosticDescriptors.DimOutOfRange, node.Label, dim, input, input.Rank, -rank, rank - 1));
                return null;
            }

            if (input.Rank == 0) return input;
            if (dim < 0) dim += rank;
            bool keep = node.Attributes.Numbers[1] != 0;
            var dims = input.Dims.ToList();
            if (keep) dims[dim] = SymDim.Const(1);
            else dims.RemoveAt(dim);
            return new SymShape(dims.ToEquatableArray());
        }

        public override bool WorksUnbatched(GraphNode node) => node.Attributes.Numbers.Count == 0 || node.Attributes.Numbers[0] < 0;

        /// <summary>ReduceSum / ReduceMean (opset 18+: the axes are an input); over all elements, no axes and keepdims 0.</summary>
        public override bool LowerToOnnx(OnnxContext c)
        {
            string reduce = IsMean ? "ReduceMean" : "ReduceSum";
            if (c.Node.Attributes.Numbers.Count == 0 || c.InputShapes[0].Rank == 0)
            {
                c.Add(reduce, c.X, c.Y, OnnxContext.Int("keepdims", 0));
                return true;
            }

            string axes = c.IntsConstant("axes", (long)c.Node.Attributes.Numbers[0]);
            c.Add(reduce, new[] { c.X[0], axes }, c.Y, OnnxContext.Int("keepdims", (long)c.Node.Attributes.Numbers[1]));
            return true;
        }

        public override string Describe(GraphNode node) =>
            node.Attributes.Numbers.Count == 0 ? $"{Name}()" : $"{Name}(dim={(int)node.Attributes.Numbers[0]}{(node.Attributes.Numbers[1] != 0 ? ", keepDim" : "")})";

        public IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node) => System.Array.Empty<SavedBuffer>();

        public IReadOnlyList<KernelValue> Values(GraphNode node) => System.Array.Empty<KernelValue>();

        public IEnumerable<KernelCall> Forward(KernelLowering c)
        {
            var (outer, n, inner) = Blocks(c.Node, c.InputShapes[0]);
            yield return new KernelCall("Reduction", "Sum", null, KernelArgument.Input(0), KernelArgument.Output,
                KernelArgument.Dim(outer), KernelArgument.Dim(n), KernelArgument.Dim(inner), Scale(n));
        }

        public IEnumerable<KernelCall> Backward(KernelLowering c)
        {
            var (outer, n, inner) = Blocks(c.Node, c.InputShapes[0]);
            yield return new KernelCall("Reduction", "SumBackward", null, KernelArgument.OutputGradient, KernelArgument.InputGradient(0),
                KernelArgument.Dim(outer), KernelArgument.Dim(n), KernelArgument.Dim(inner), Scale(n), KernelArgument.Accumulate(c.Accumulate(0)));
        }

        /// <summary>1 for a sum, 1/n for a mean.</summary>
        private KernelArgument Scale(SymDim n) => (IsMean ? KernelArgument.InverseDim(n) : KernelArgument.Float(1)).Named("scale");

        /// <summary>The input as [outer, n, inner] around the reduced dim (all elements: [1, numel, 1]), the blocks both backends' kernels take.</summary>
        private static (SymDim Outer, SymDim N, SymDim Inner) Blocks(GraphNode node, SymShape shape)
        {
            if (node.Attributes.Numbers.Count == 0 || shape.Rank == 0) return (SymDim.Const(1), shape.NumEl, SymDim.Const(1));
            int dim = (int)node.Attributes.Numbers[0];
            if (dim < 0) dim += shape.Rank;
            return (SymDim.Product(shape.Dims.Take(dim)), shape[dim], SymDim.Product(shape.Dims.Skip(dim + 1)));
        }
    }
}
