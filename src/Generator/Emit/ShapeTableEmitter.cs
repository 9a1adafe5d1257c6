using System;
using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// The shape table at the top of each backend's file: every node of the graph, what it is, its inferred shape,
    /// and what computes it on that backend (the one column that differs between backends).
    /// </summary>
    internal static class ShapeTableEmitter
    {
        /// <param name="computedBy">What computes a node that a kernel writes, in the backend's words.</param>
        public static void Write(SourceWriter w, ModuleGraph graph, KernelPlan plan, string whatComputes, Func<GraphNode, Kernel, string> computedBy)
        {
            w.Line("// Forward as a static graph (B = the inputs' first dimension). Every node, its inferred shape,");
            w.Line($"// and {whatComputes} (views share their input's buffer):");
            var kernelOf = new Dictionary<int, Kernel>();
            foreach (var k in plan.Kernels)
            foreach (var n in k.Nodes)
                kernelOf[n.Id] = k;
            var rows = graph.Nodes.Select(n => (Label: Clip(n.Label, 28), What: Clip(OpRegistry.Get(n.Op).Describe(n), 34), Shape: n.Shape.ToString(),
                Where: n.Op == "Input" ? "" : kernelOf.TryGetValue(n.Id, out var k) ? computedBy(n, k) : "view, no copy")).ToList();
            int a = rows.Max(r => r.Label.Length), b = rows.Max(r => r.What.Length), c = rows.Max(r => r.Shape.Length);
            foreach (var r in rows) w.Line($"//   {r.Label.PadRight(a)}  {r.What.PadRight(b)}  {r.Shape.PadRight(c)}  {r.Where}".TrimEnd());
            w.Line($"// Output: {graph.Nodes[graph.Output].Label} {graph.Nodes[graph.Output].Shape}.");
            w.Line();
        }

        private static string Clip(string text, int width) => text.Length <= width ? text : text.Substring(0, width - 3) + "...";
    }
}
