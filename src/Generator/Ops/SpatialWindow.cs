using System.Collections.Generic;
using System.Globalization;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// The window of a convolution or pool, (height, width) each: kernel, stride, padding, dilation, and "same" padding.
    /// Stored in a node's <see cref="NodeAttributes.Numbers"/> as its first <see cref="Count"/> entries; a 1-D op is
    /// height 1 (kernel 1, stride 1, no padding). Read from constructor or F.* arguments written as an int, a tuple
    /// <c>(3, 2)</c>, or (padding) <c>"same"</c>/<c>"valid"</c>.
    /// </summary>
    internal sealed record SpatialWindow(long KernelH, long KernelW, long StrideH, long StrideW, long PadH, long PadW, long DilationH, long DilationW, bool Same)
    {
        public const int Count = 9;

        public static SpatialWindow From(NodeAttributes a) => new(
            (long)a.Numbers[0], (long)a.Numbers[1], (long)a.Numbers[2], (long)a.Numbers[3], (long)a.Numbers[4], (long)a.Numbers[5],
            (long)a.Numbers[6], (long)a.Numbers[7], a.Numbers[8] != 0);

        public IEnumerable<double> Numbers => new double[] { KernelH, KernelW, StrideH, StrideW, PadH, PadW, DilationH, DilationW, Same ? 1 : 0 };

        /// <summary>"same" padding's zeros before the input (PyTorch puts an odd total's extra zero after it).</summary>
        public long PadTop => Same ? DilationH * (KernelH - 1) / 2 : PadH;

        public long PadLeft => Same ? DilationW * (KernelW - 1) / 2 : PadW;

        /// <summary>A (height, width) size argument: an int for both, a tuple, or <paramref name="fallback"/> when absent (or null). Null after a diagnostic.</summary>
        public static (long H, long W)? Pair(BuildContext context, string name, (long, long) fallback)
        {
            var spec = context.ArgSpec(name);
            if (spec is null || (spec.Values.Count == 1 && spec.Values[0].Text == "null")) return fallback;
            var values = new List<long>();
            foreach (var v in spec.Values)
            {
                if (context.RequireConstant(v, name) is null) return null;
                if (!v.IsInteger)
                {
                    context.Report(Diagnostics.DiagnosticDescriptors.NonConstantArgument, v.Location, context.Label, name, v.Text + " (expected an int or an (int, int) tuple)");
                    return null;
                }

                values.Add((long)v.Number);
            }

            return values.Count == 1 ? (values[0], values[0]) : (values[0], values[1]);
        }

        /// <summary>
        /// The input of a convolution or pool as [B, C, spatial...] of <paramref name="rank"/>: an undeclared input read here first
        /// takes that rank (<see cref="ShapeContext.ExpandInput"/>); any other rank is GG0114. Null after the diagnostic.
        /// </summary>
        public static SymShape? Input(ShapeContext context, GraphNode node, SymShape input, int rank, string layerType)
        {
            if (input.Rank == 2 && context.ExpandInput(node.Inputs[0], rank == 4 ? new[] { "H", "W" } : new[] { "L" }) is { } expanded) return expanded;
            if (input.Rank == rank) return input;
            context.Report(new CheckMessage(Diagnostics.DiagnosticDescriptors.SpatialInputRank, layerType, node.Label,
                rank == 4 ? "[B, C, H, W]" : "[B, C, L]", context.Origin(node.Inputs[0]).Label, input));
            return null;
        }

        /// <summary>A size as PyTorch prints a pair: <c>5x5</c>.</summary>
        public static string Text(long h, long w) => h.ToString(CultureInfo.InvariantCulture) + "x" + w.ToString(CultureInfo.InvariantCulture);
    }
}
