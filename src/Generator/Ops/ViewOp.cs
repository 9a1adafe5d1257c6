using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// <c>View(..)</c> / <c>Reshape(..)</c>: the same elements under a new shape (no code: the buffer is shared,
    /// and so is the gradient's). Attributes: Dims = the target shape, with -1 kept as the constant -1.
    /// A -1 is solved symbolically; on an input whose features are still unknown, it keeps the batch
    /// dimension and fixes the features (checked at run time).
    /// </summary>
    internal sealed class ViewOp : OpDefinition
    {
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
            var target = node.Attributes.Dims;
            string targetText = string.Join(", ", target.Select(d => d.ToString()));
            CheckMessage Invalid(string why) => new(DiagnosticDescriptors.InvalidView, node.Label, input, targetText, why);

            int wildcards = target.Count(d => d.IsConstant && d.Coef == -1);
            if (wildcards > 1 || target.Any(d => d.IsConstant && d.Coef < -1))
            {
                context.Report(Invalid(wildcards > 1 ? "only one dimension can be -1" : "sizes must be positive or -1"));
                return null;
            }

            var numel = input.NumEl;
            var known = SymDim.Product(target.Where(d => !(d.IsConstant && d.Coef == -1)));
            if (wildcards == 0)
            {
                var message = Invalid($"the element counts differ ({numel} vs {known})");
                return context.RequireEqual(numel, known, message) ? new SymShape(target) : null;
            }

            var solved = numel.DividedBy(known);
            if (solved is null)
            {
                // [B, x.features] viewed as (-1, 784): the features must be 784 and -1 is B.
                string? unknown = numel.Symbols.FirstOrDefault(context.IsUnbound);
                if (unknown is null || !known.IsConstant)
                {
                    context.Report(Invalid($"{numel} elements do not divide into rows of {known}"));
                    return null;
                }

                var rest = numel.DividedBy(SymDim.Symbol(unknown))!;
                context.Bind(unknown, known, new CheckMessage(DiagnosticDescriptors.InvalidView, node.Label, input, targetText, $"it needs {known} features per row"));
                solved = rest;
            }

            return new SymShape(target.Select(d => d.IsConstant && d.Coef == -1 ? solved : d).ToEquatableArray());
        }

        public override bool WorksUnbatched(GraphNode node) => false;

        public override string Describe(GraphNode node) => "View(" + string.Join(", ", node.Attributes.Dims.Select(d => d.ToString())) + ")";
    }
}
