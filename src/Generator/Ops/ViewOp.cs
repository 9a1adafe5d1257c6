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
    /// time), and anything else becomes a runtime check with the same message. A -1 is solved by division;
    /// where that needs an input's unknown features, they are fixed only when the -1 takes up the batch
    /// (<c>View(-1, 784)</c>), since any other split of an unknown count would be a guess.
    /// </remarks>
    internal sealed class ViewOp : OpDefinition
    {
        private static readonly SymDim s_wildcard = SymDim.Const(-1);

        public override string Name => "View";

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
            var (n, k) = SymDim.CancelCommonFactors(numel, known);
            if (wildcards == 0)
            {
                var message = Invalid("the element counts differ (", numel, " vs ", known, ")");
                if (n.AsSymbol is { } unboundN && context.IsUnbound(unboundN))
                    context.Bind(unboundN, k, message);
                else if (k.AsSymbol is { } unboundK && context.IsUnbound(unboundK))
                    context.Bind(unboundK, n, message);
                else if (!context.RequireEqual(n, k, message))
                    return null;
                return new SymShape(target.ToEquatableArray());
            }

            var solved = numel.DividedBy(known);
            if (solved is null)
            {
                // [B, x.features] viewed as (-1, 784): the features must be 784 and -1 is B.
                string? unknown = n.Symbols.FirstOrDefault(context.IsUnbound);
                if (unknown is null)
                {
                    context.Report(Invalid($"{numel} elements do not divide into rows of {known}"));
                    return null;
                }

                var rest = n.DividedBy(SymDim.Symbol(unknown))!;
                if (!rest.Contains(SymDim.Batch))
                {
                    string name = unknown.EndsWith(".features", System.StringComparison.Ordinal) ? unknown.Substring(0, unknown.Length - ".features".Length) : unknown;
                    context.Report(Invalid($"the size of -1 depends on how many features '{name}' has, which is unknown here; write that size instead of -1"));
                    return null;
                }

                context.Bind(unknown, k, Invalid("it needs ", k, " features per row"));
                solved = rest;
            }

            return new SymShape(target.Select(d => d.Equals(s_wildcard) ? solved : d).ToEquatableArray());
        }

        public override bool WorksUnbatched(GraphNode node) => false;

        public override string Describe(GraphNode node) => "View(" + string.Join(", ", node.Attributes.Dims.Select(d => d.ToString())) + ")";
    }
}
