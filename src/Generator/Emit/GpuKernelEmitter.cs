using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// The ILGPU side of a module's kernels: each fused elementwise chain becomes one generated kernel for its
    /// forward and one for its backward (static methods, one thread per element, marked <c>[GpuKernel]</c> so
    /// tests find them); every other kernel is its op's lowering (<see cref="IKernelOp"/>), launches of runtime
    /// kernels. The chains' scalar programs are rendered with the GPU's math table (<see cref="GpuScalarRenderer"/>:
    /// PTX-native functions).
    /// </summary>
    internal sealed class GpuKernelEmitter
    {
        private readonly ModuleGraph _graph;

        public GpuKernelEmitter(ModuleGraph graph) => _graph = graph;

        /// <summary>Why a kernel has no GPU form yet, or null when it has one.</summary>
        public string? Unsupported(Kernel k) => k.Kind switch
        {
            not KernelKind.Chain when KernelParameters.LoweredBy(k) is null => $"{k.First.Label} ({k.First.Op})",
            KernelKind.Broadcast when k.Output.Shape.Rank > 4 => $"{k.First.Label} (broadcasting over {k.Output.Shape.Rank} dims)",
            _ => null,
        };

        public static string ForwardKernel(Kernel k) => k.Name + "_forward_kernel";

        public static string BackwardKernel(Kernel k) => k.Name + "_backward_kernel";

        /// <summary>A chain's scalars as kernel parameters: (name, expression with {layer}/{self}, node).</summary>
        public static IEnumerable<(string Name, string Expression, GraphNode Node)> Scalars(Kernel k) =>
            KernelParameters.Scalars(k).Select(s => (s.Name, s.Expression, s.Node));

        private const string View = "global::ILGPU.ArrayView<float>";

        /// <summary>Whether input j's gradient store in a chain's backward kernel is guarded by a runtime flag.</summary>
        public static bool Flagged(BackwardStep step, int j) => !step.InputNeeded[j].Always;

        /// <summary>The fields of a chain's forward argument struct, in launch order: the inputs, the output, the scalars.</summary>
        public static List<(string Type, string Name)> ForwardFields(Kernel k)
        {
            var fields = new List<(string, string)>();
            for (int j = 0; j < k.Inputs.Count; j++) fields.Add((View, KernelParameters.X(k, j)));
            fields.Add((View, "y"));
            fields.AddRange(Scalars(k).Select(s => ("float", s.Name)));
            return Padded(fields);
        }

        /// <summary>The fields of a chain's backward argument struct: the inputs, y, dy, each input's gradient (and its flag), the scalars.</summary>
        public static List<(string Type, string Name)> BackwardFields(BackwardStep step)
        {
            var k = step.Kernel;
            var fields = new List<(string, string)>();
            for (int j = 0; j < k.Inputs.Count; j++) fields.Add((View, KernelParameters.X(k, j)));
            fields.Add((View, "y"));
            fields.Add((View, "dy"));
            for (int j = 0; j < k.Inputs.Count; j++)
            {
                fields.Add((View, KernelParameters.Dx(k, j)));
                if (Flagged(step, j)) fields.Add(("int", "want_" + KernelParameters.Dx(k, j)));
            }

            fields.AddRange(Scalars(k).Select(s => ("float", s.Name)));
            return Padded(fields);
        }

        /// <summary>
        /// A tuple of 8, 15, 22, ... fields nests its last one alone in a <c>ValueTuple`1</c>, which ILGPU 1.5.3 fails to
        /// compile (InternalCompilerException, seen in PTX and on its CPU accelerator): one unused int keeps every nested part at two or more.
        /// </summary>
        private static List<(string Type, string Name)> Padded(List<(string Type, string Name)> fields)
        {
            if (fields.Count > 7 && fields.Count % 7 == 1) fields.Add(("int", "unused"));
            return fields;
        }

        /// <summary>
        /// The generated forward kernel of a chain: y[i] from the inputs' elements at i. Its buffers and scalars come as
        /// one named tuple (a public struct ILGPU passes field by field), so a chain of any length launches through one
        /// launcher overload and needs no type of its own.
        /// </summary>
        public void EmitChainForward(SourceWriter w, Kernel k)
        {
            w.Line($"/// <summary>Fused elementwise, one thread per element: {Escape(string.Join(", then ", k.Nodes.Select(n => n.Label)))}. {Shapes(k)}</summary>");
            w.Line("[global::GraphGen.Kernels.Gpu.GpuKernel]");
            using (w.OpenBlock($"private static void {ForwardKernel(k)}(global::ILGPU.Index1D i, {Tuple(ForwardFields(k))} args)"))
            {
                var program = ScalarAdjoint.Forward(k, j => KernelParameters.X(k, j));
                foreach (var line in GpuScalarRenderer.Instance.AllStatements(program)) w.Line(line);
                w.Line($"args.y[i] = {program.Result};");
            }
        }

        /// <summary>The generated backward kernel of a chain: the values again, then each op's derivative, last op first.</summary>
        public void EmitChainBackward(SourceWriter w, BackwardStep step)
        {
            var k = step.Kernel;
            bool flags = Enumerable.Range(0, k.Inputs.Count).Any(j => Flagged(step, j));
            w.Line($"/// <summary>Backward of {ForwardKernel(k)}, one thread per element: dy to each input's gradient{(flags ? " (want_dx = 0: not needed)" : "")}.</summary>");
            w.Line("[global::GraphGen.Kernels.Gpu.GpuKernel]");
            using (w.OpenBlock($"private static void {BackwardKernel(k)}(global::ILGPU.Index1D i, {Tuple(BackwardFields(step))} args)"))
            {
                var program = ScalarAdjoint.Backward(k, j => KernelParameters.X(k, j));
                foreach (var line in GpuScalarRenderer.Instance.AllStatements(program)) w.Line(line);
                foreach (var st in program.Stores)
                {
                    string dx = KernelParameters.Dx(k, st.Input);
                    string store = $"args.{dx}[i] {(step.Accumulate[st.Input] ? "+=" : "=")} {st.Gradient};";
                    w.Line(Flagged(step, st.Input) ? $"if (args.want_{dx} != 0) {store}" : store);
                }
            }
        }

        private static string Tuple(List<(string Type, string Name)> fields) => "(" + string.Join(", ", fields.Select(f => f.Type + " " + f.Name)) + ")";

        private string Shapes(Kernel k) => Escape($"{string.Join(", ", k.Inputs.Select(i => _graph.Nodes[i].Shape.ToString()))} -> {k.Output.Shape}");

        private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
