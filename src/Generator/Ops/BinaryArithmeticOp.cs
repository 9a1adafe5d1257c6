using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Graph.Scalar;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// The shared part of + - * /: operands are two tensors (broadcasting as PyTorch does) or a tensor and a
    /// constant. Attributes for a constant operand: Numbers = [value], Text = "left" or "right" (its side).
    /// Each subclass gives the scalar formula and the two partial derivatives. Same-shaped operands fuse into
    /// elementwise loops; operands that broadcast lower to the runtime's broadcasting kernels.
    /// </summary>
    internal abstract class BinaryArithmeticOp : ElementwiseOp, IKernelOp
    {
        /// <summary>The value of <c>a op b</c>.</summary>
        protected abstract ScalarExpr Apply(ScalarExpr a, ScalarExpr b);

        /// <summary>The gradients of a and b given the output y and its gradient g.</summary>
        protected abstract (ScalarExpr Da, ScalarExpr Db) Gradients(ScalarExpr a, ScalarExpr b, ScalarExpr y, ScalarExpr g);

        public override NodeAttributes? FromCall(BuildContext context)
        {
            var left = context.Arg("scalarLeft");
            var right = context.Arg("scalarRight");
            var scalar = left ?? right;
            if (scalar is null) return NodeAttributes.None;
            var constant = context.RequireConstant(scalar, "scalar operand");
            if (constant is null || !constant.IsNumber)
            {
                if (constant is not null) context.Report(DiagnosticDescriptors.NonConstantArgument, scalar.Location, context.Label, "scalar operand", scalar.Text);
                return null;
            }

            return new NodeAttributes(EquatableArray<SymDim>.Empty, new EquatableArray<double>(new[] { constant.Number }), left is not null ? "left" : "right");
        }

        public bool HasScalar(GraphNode node) => node.Attributes.Numbers.Count == 1;

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            if (inputs.Count == 1) return inputs[0];
            return Broadcast(context, node, inputs[0], inputs[1]);
        }

        /// <summary>PyTorch's broadcasting: align from the right; sizes must match or one must be 1.</summary>
        private static SymShape? Broadcast(ShapeContext context, GraphNode node, SymShape a, SymShape b)
        {
            int rank = System.Math.Max(a.Rank, b.Rank);
            var dims = new SymDim[rank];
            for (int i = 0; i < rank; i++)
            {
                int ia = i - (rank - a.Rank), ib = i - (rank - b.Rank);
                var da = ia >= 0 ? a[ia] : SymDim.Const(1);
                var db = ib >= 0 ? b[ib] : SymDim.Const(1);
                if (da.Equals(db) || IsOne(db)) dims[i] = da;
                else if (IsOne(da)) dims[i] = db;
                else
                {
                    var message = new CheckMessage(DiagnosticDescriptors.ShapesNotBroadcastable, node.Label, a, b, i, da, db);
                    if (!context.RequireEqual(da, db, message)) return null;
                    dims[i] = context.Resolve(da);
                }
            }

            return new SymShape(dims.ToEquatableArray());
        }

        private static bool IsOne(SymDim d) => d.IsConstant && d.Coef == 1;

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars)
        {
            if (!HasScalar(node)) return Apply(x[0], x[1]);
            ScalarExpr c = node.Attributes.Numbers[0];
            return node.Attributes.Text == "left" ? Apply(c, x[0]) : Apply(x[0], c);
        }

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars)
        {
            if (!HasScalar(node))
            {
                var (da, db) = Gradients(x[0], x[1], y, g);
                return new ScalarExpr?[] { da, db };
            }

            ScalarExpr c = node.Attributes.Numbers[0];
            return node.Attributes.Text == "left" ? new[] { Gradients(c, x[0], y, g).Db } : new[] { Gradients(x[0], c, y, g).Da };
        }

        /// <summary>ONNX's Add, Sub, Mul and Div broadcast as PyTorch does; a scalar operand becomes a Constant on its side.</summary>
        public override bool LowerToOnnx(OnnxContext c)
        {
            if (!HasScalar(c.Node)) return c.Single(Name);
            string constant = c.FloatConstant("scalar", c.Node.Attributes.Numbers[0]);
            c.Add(Name, c.Node.Attributes.Text == "left" ? new[] { constant, c.X[0] } : new[] { c.X[0], constant }, c.Y);
            return true;
        }

        public override string Describe(GraphNode node)
        {
            if (!HasScalar(node)) return $"{Name}";
            string c = ValueSpec.FormatNumber(node.Attributes.Numbers[0]);
            return node.Attributes.Text == "left" ? $"{Name}({c}, x)" : $"{Name}(x, {c})";
        }

        public IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node) => System.Array.Empty<SavedBuffer>();

        public IReadOnlyList<KernelValue> Values(GraphNode node) => System.Array.Empty<KernelValue>();

        /// <summary>Broadcasting: y = a op b over the operands' shapes, aligned from the right.</summary>
        public IEnumerable<KernelCall> Forward(KernelLowering c)
        {
            yield return new KernelCall("Broadcast", "Forward", null, Operator, KernelArgument.Input(0), KernelArgument.ShapeOf(c.InputShapes[0]),
                KernelArgument.Input(1), KernelArgument.ShapeOf(c.InputShapes[1]), KernelArgument.Output, KernelArgument.ShapeOf(c.Node.Shape));
        }

        public IEnumerable<KernelCall> Backward(KernelLowering c)
        {
            yield return new KernelCall("Broadcast", "Backward", "each operand's gradient is summed back over the dimensions it was broadcast along",
                Operator, KernelArgument.Input(0), KernelArgument.ShapeOf(c.InputShapes[0]), KernelArgument.Input(1), KernelArgument.ShapeOf(c.InputShapes[1]),
                KernelArgument.OutputGradient, KernelArgument.ShapeOf(c.Node.Shape),
                KernelArgument.InputGradient(0), KernelArgument.Bool(c.Accumulate(0)), KernelArgument.InputGradient(1), KernelArgument.Bool(c.Accumulate(1)));
        }

        /// <summary>The runtime's BinaryOp member for this op (Add, Sub, Mul, Div).</summary>
        private KernelArgument Operator => KernelArgument.EnumMember("GraphGen.Kernels.Cpu.BinaryOp", Name);
    }
}
