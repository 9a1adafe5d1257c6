using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// <c>View(..)</c> / <c>Reshape(..)</c>: the same elements under a new shape (no code: the buffer is shared,
    /// and so is the gradient's). Attributes: Dims = the target shape, with -1 kept as the constant -1; a size
    /// may be a constant, a constructor parameter (GG0206 unless a Linear takes it) or sizes read in Forward
    /// (<c>x.View(x.Size(0), -1)</c>), so it can contain B.
    /// </summary>
    /// <remarks>
    /// Element counts are compared after cancelling their common factors: equal is fine, two different
    /// constants are an error now, an input's still-unknown feature count is fixed by the view (checked at run
    /// time), and anything else becomes a runtime check with the same message. A -1 is the element count over
    /// the other sizes, as in PyTorch (<see cref="ShapeContext.Quotient"/>): exact where they divide, else a size
    /// the compiled code computes and checks (<c>x.View(-1, 3)</c> of a [B, x.features] input is
    /// [(B*x.features/3), 3]); never a guess about an input's features.
    /// </remarks>
    internal sealed class ViewOp : OpDefinition
    {
        private static readonly SymDim s_wildcard = SymDim.Const(-1);

        public override string Name => "View";

        public override OpForms Forms { get; } = new(methods: new[] { "View", "Reshape" });

        public override OpCategory Category => OpCategory.View;

        public override NodeAttributes? FromCall(BuildContext context)
        {
            var shape = context.ArgSpec("shape");
            if (shape is null || shape.Values.Count == 0)
            {
                context.Report(DiagnosticDescriptors.NonConstantArgument, context.Location, context.Label, "shape", "(none)");
                return null;
            }

            var dims = new List<SymDim>();
            foreach (var v in shape.Values)
            {
                if (v.Kind is ValueKind.Size or ValueKind.Parameter)
                {
                    if (context.Dim(v) is not { } size) return null; // the size's dim was out of range (reported)
                    dims.Add(size);
                    continue;
                }

                var c = context.RequireConstant(v, "shape");
                if (c is null) return null;
                if (!c.IsInteger)
                {
                    context.Report(DiagnosticDescriptors.NonConstantArgument, v.Location, context.Label, "shape", v.Text);
                    return null;
                }

                dims.Add(SymDim.Const((long)c.Number));
            }

            return new NodeAttributes(dims.ToEquatableArray(), EquatableArray<double>.Empty, "");
        }

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs)
        {
            var input = inputs[0];
            var target = node.Attributes.Dims.Select(context.Resolve).ToList();
            // The target and the reason as pieces: a runtime check prints their sizes with the actual values.
            var targetText = target.SelectMany((d, i) => i == 0 ? new object[] { d } : new object[] { ", ", d }).ToArray();
            CheckMessage Invalid(params object[] why) => new(DiagnosticDescriptors.InvalidView, node.Label, input, targetText, why);

            int wildcards = target.Count(d => d.Equals(s_wildcard));
            if (wildcards > 1 || target.Any(d => d.Coef < 0 && !d.Equals(s_wildcard)))
            {
                context.Report(Invalid(wildcards > 1 ? "only one dimension can be -1" : "sizes must be positive or -1"));
                return null;
            }

            var numel = input.NumEl;
            var known = SymDim.Product(target.Where(d => !d.Equals(s_wildcard)));
            if (wildcards == 0)
            {
                var (n, k) = SymDim.CancelCommonFactors(numel, known);
                var message = Invalid("the element counts differ (", numel, " vs ", known, ")");
                if (n.AsSymbol is { } unboundN && context.IsUnbound(unboundN))
                    context.Bind(unboundN, k, message);
                else if (k.AsSymbol is { } unboundK && context.IsUnbound(unboundK))
                    context.Bind(unboundK, n, message);
                else if (!context.RequireEqual(n, k, message))
                    return null;
                return new SymShape(target.ToEquatableArray());
            }

            // -1 is numel / known, as in PyTorch, whatever it depends on: exact where the sizes divide, else computed and checked at run time.
            var solved = context.Quotient(numel, known, Invalid(numel, " elements do not divide into rows of ", known));
            if (solved is null) return null;
            return new SymShape(target.Select(d => d.Equals(s_wildcard) ? solved : d).ToEquatableArray());
        }

        public override bool WorksUnbatched(GraphNode node) => false;

        /// <summary>A Reshape to the inferred shape.</summary>
        public override bool LowerToOnnx(OnnxContext c) => c.ReshapeToOutput();

        public override string Describe(GraphNode node) => "View(" + string.Join(", ", node.Attributes.Dims.Select(d => d.ToString())) + ")";
    }
}
