using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// Writes one kernel's forward and backward methods (<c>fc1_forward</c>, <c>fc1_backward</c>) and the
    /// argument lists the orchestrating methods call them with. Parameter order is fixed: sizes, inputs,
    /// output, (gradients), saved buffers, layer and gradient targets, then scalars.
    /// </summary>
    internal sealed class CpuKernelEmitter
    {
        private readonly CodeNames _names;
        private readonly ModuleGraph _graph;

        public CpuKernelEmitter(ModuleGraph graph, CodeNames names)
        {
            _graph = graph;
            _names = names;
        }

        public void EmitForward(SourceWriter w, Kernel k)
        {
            var parameters = new List<string> { "in CallSizes s" };
            for (int j = 0; j < k.Inputs.Count; j++) parameters.Add($"global::System.ReadOnlySpan<{ElementType(k.Inputs[j])}> {X(k, j)}");
            parameters.Add("global::System.Span<float> y");
            parameters.AddRange(KernelParameters.Saved(k).Select(b => $"global::System.Span<float> {b.Name}"));
            if (CodeNames.Parameters(k.First).Count > 0) parameters.Add($"{LayerType(k.First)} layer");
            parameters.AddRange(KernelParameters.Scalars(k).Select(sc => $"{sc.Type} {sc.Name}"));

            var program = k.Kind == KernelKind.Chain ? ScalarAdjoint.Forward(k, j => X(k, j)) : null;
            var simd = program is not null && WorthVectors(k.Output.Shape)
                ? SimdRenderer.Instance.Statements(program)?.Append($"V.Store({program.Result}, y, i);").ToList()
                : null;

            w.Line($"/// <summary>{Summary(k)}</summary>");
            using (w.OpenBlock($"private static void {k.Name}_forward({string.Join(", ", parameters)})"))
            {
                if (program is null)
                {
                    Calls(w, k, KernelParameters.LoweredBy(k)!.Forward(Lowering(k)));
                }
                else
                {
                    w.Line(simd is null
                        ? $"// one pass over the {Shape(k.Output.Shape)} elements"
                        : $"// one pass over the {Shape(k.Output.Shape)} elements: whole SIMD vectors first ({k.Name}_forward_simd), then the scalar tail");
                    if (simd is not null) w.Line($"int i = {Dispatch(k.Name + "_forward_simd", parameters)};");
                    using (w.OpenBlock(simd is null ? "for (int i = 0; i < y.Length; i++)" : "for (; i < y.Length; i++)"))
                    {
                        foreach (var line in CpuScalarRenderer.Instance.AllStatements(program!)) w.Line(line);
                        w.Line($"y[i] = {program!.Result};");
                    }
                }
            }

            if (simd is not null) EmitVectorMethod(w, k.Name + "_forward", parameters, "y", simd);
        }

        public void EmitBackward(SourceWriter w, BackwardStep step)
        {
            var k = step.Kernel;
            var parameters = new List<string> { "in CallSizes s" };
            for (int j = 0; j < k.Inputs.Count; j++) parameters.Add($"global::System.ReadOnlySpan<{ElementType(k.Inputs[j])}> {X(k, j)}");
            parameters.Add("global::System.ReadOnlySpan<float> y");
            parameters.Add("global::System.Span<float> dy");
            for (int j = 0; j < k.Inputs.Count; j++) parameters.Add($"global::System.Span<float> {Dx(k, j)}");
            parameters.AddRange(KernelParameters.Saved(k).Select(b => $"global::System.ReadOnlySpan<float> {b.Name}"));
            var layerParameters = CodeNames.Parameters(k.First);
            if (layerParameters.Count > 0)
            {
                parameters.Add($"{LayerType(k.First)} layer");
                parameters.AddRange(layerParameters.Select(p => $"in global::GraphGen.Compiled.GradientTarget {p.ToLowerInvariant()}"));
            }

            parameters.AddRange(KernelParameters.Scalars(k, backward: true).Select(sc => $"{sc.Type} {sc.Name}"));
            var program = k.Kind == KernelKind.Chain ? ScalarAdjoint.Backward(k, j => X(k, j)) : null;
            var simd = program is not null && WorthVectors(k.Output.Shape)
                ? SimdRenderer.Instance.Statements(program)?.Concat(program.Stores.Select(st => step.Accumulate[st.Input]
                    ? $"if (!{Dx(k, st.Input)}.IsEmpty) V.Store(V.Load({Dx(k, st.Input)}, i) + {st.Gradient}, {Dx(k, st.Input)}, i);"
                    : $"if (!{Dx(k, st.Input)}.IsEmpty) V.Store({st.Gradient}, {Dx(k, st.Input)}, i);")).ToList()
                : null;
            w.Line($"/// <summary>Backward of {k.Name}_forward: from dy, the gradient of its output, to its input's gradient{(layerParameters.Count > 0 ? " and the layer's parameters'" : "")}.</summary>");
            using (w.OpenBlock($"private static void {k.Name}_backward({string.Join(", ", parameters)})"))
            {
                if (program is null)
                {
                    Calls(w, k, KernelParameters.LoweredBy(k)!.Backward(Lowering(k, step.Accumulate)));
                }
                else
                {
                    w.Line(simd is null
                        ? "// per element: the values again (the output is read back), then each op's derivative, last op first"
                        : $"// per element (whole SIMD vectors first, {k.Name}_backward_simd, then the scalar tail): the values again (the output is read back), then each op's derivative, last op first");
                    if (simd is not null) w.Line($"int i = {Dispatch(k.Name + "_backward_simd", parameters)};");
                    using (w.OpenBlock(simd is null ? "for (int i = 0; i < dy.Length; i++)" : "for (; i < dy.Length; i++)"))
                    {
                        foreach (var line in CpuScalarRenderer.Instance.AllStatements(program!)) w.Line(line);
                        foreach (var st in program!.Stores)
                            w.Line($"if (!{Dx(k, st.Input)}.IsEmpty) {Dx(k, st.Input)}[i] {(step.Accumulate[st.Input] ? "+=" : "=")} {st.Gradient};");
                    }
                }
            }

            if (simd is not null) EmitVectorMethod(w, k.Name + "_backward", parameters, "dy", simd);
        }

        /// <summary>Vectors pay only where a loop can have a few of them: not for a small constant element count (a loss's scalar).</summary>
        private static bool WorthVectors(SymShape shape) =>
            !shape.Dims.All(d => d.IsConstant) || shape.Dims.Aggregate(1L, (n, d) => n * d.Coef) >= 16;

        /// <summary>The call that runs a kernel's <c>_simd</c> method at the thread's <c>SimdDispatch.Width</c>; 0 (all scalar) when there is none.</summary>
        private static string Dispatch(string method, IReadOnlyList<string> parameters)
        {
            string args = string.Join(", ", parameters.Select(p => (p.StartsWith("in ") ? "in " : "") + p.Substring(p.LastIndexOf(' ') + 1)));
            return "global::GraphGen.Kernels.Cpu.Simd.SimdDispatch.Width switch\n{\n"
                + $"    global::GraphGen.Kernels.Cpu.Simd.SimdWidth.V512 => {method}<global::GraphGen.Kernels.Cpu.Simd.Simd512>({args}),\n"
                + $"    global::GraphGen.Kernels.Cpu.Simd.SimdWidth.V256 => {method}<global::GraphGen.Kernels.Cpu.Simd.Simd256>({args}),\n"
                + $"    global::GraphGen.Kernels.Cpu.Simd.SimdWidth.V128 => {method}<global::GraphGen.Kernels.Cpu.Simd.Simd128>({args}),\n"
                + "    _ => 0,\n}";
        }

        private static void EmitVectorMethod(SourceWriter w, string kernel, IReadOnlyList<string> parameters, string length, IReadOnlyList<string> statements)
        {
            w.Line();
            w.Line($"/// <summary>{kernel} over whole vectors of V.Count floats (the same formulas on V); returns where the scalar tail starts.</summary>");
            using (w.OpenBlock($"private static int {kernel}_simd<V>({string.Join(", ", parameters)}) where V : struct, global::GraphGen.Kernels.Cpu.Simd.ISimdFloat<V>"))
            {
                w.Line("int i = 0;");
                using (w.OpenBlock($"for (; i <= {length}.Length - V.Count; i += V.Count)"))
                    foreach (var statement in statements) w.Line(statement);
                w.Line("return i;");
            }
        }

        /// <summary>A lowered op's calls, rendered in the CPU's words.</summary>
        private void Calls(SourceWriter w, Kernel k, IEnumerable<KernelCall> calls)
        {
            var renderer = new CpuKernelCallRenderer(k, _names);
            foreach (var call in calls)
                foreach (var line in renderer.Lines(call)) w.Line(line);
        }

        private KernelLowering Lowering(Kernel k, IReadOnlyList<bool>? accumulate = null) =>
            new(k, k.First.Inputs.Select(i => _graph.Nodes[i].Shape).ToList(), accumulate);

        /// <summary>The layer object's type, as the CallLayers record declares it.</summary>
        private string LayerType(GraphNode node) => _graph.Layers.First(l => l.Path == node.LayerPath).TypeName;

        /// <summary>A value's element type in the kernels: long for an index input (Embedding's), else float.</summary>
        private string ElementType(int node) => _graph.Inputs.Any(i => i.Indices && i.NodeId == node) ? "long" : "float";

        private static string X(Kernel k, int j) => KernelParameters.X(k, j);

        private static string Dx(Kernel k, int j) => KernelParameters.Dx(k, j);

        private static string Shape(SymShape shape) => shape.ToString();

        private string Summary(Kernel k)
        {
            var first = k.First;
            string what = k.Kind switch
            {
                KernelKind.Gemm when k.Nodes.Count > 1 => $"{first.Label}: {OpRegistry.Get(first.Op).Describe(first)} with {k.Nodes[1].Label} ({OpRegistry.Get(k.Nodes[1].Op).Describe(k.Nodes[1])}) in the GEMM epilogue",
                KernelKind.Gemm => $"{first.Label}: {OpRegistry.Get(first.Op).Describe(first)}, bias in the GEMM epilogue",
                KernelKind.Chain => "Fused elementwise: " + string.Join(", then ", k.Nodes.Select(n => $"{n.Label}")),
                KernelKind.Broadcast => $"{first.Label}: {first.Op} with broadcasting",
                KernelKind.Op when k.Nodes.Count > 1 => $"{first.Label}: {OpRegistry.Get(first.Op).Describe(first)} with {k.Nodes[1].Label} ({OpRegistry.Get(k.Nodes[1].Op).Describe(k.Nodes[1])}) in the same passes",
                _ => $"{first.Label}: {OpRegistry.Get(first.Op).Describe(first)}",
            };
            string inputs = string.Join(", ", k.Inputs.Select(i => _graph.Nodes[i].Shape.ToString()));
            return Escape($"{what}. {inputs} -> {k.Output.Shape}");
        }

        private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
