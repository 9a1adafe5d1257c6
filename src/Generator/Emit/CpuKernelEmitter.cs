using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
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

        public static string X(Kernel k, int j) => k.Inputs.Count == 1 ? "x" : "x" + j;

        public static string Dx(Kernel k, int j) => k.Inputs.Count == 1 ? "dx" : "dx" + j;

        /// <summary>The saved buffers of a kernel (Dropout's mask), as workspace field suffixes.</summary>
        public static IReadOnlyList<string> Saved(Kernel k) =>
            k.Kind == KernelKind.Op && OpRegistry.Get(k.First.Op) is ICpuKernelOp op ? op.SavedBuffers(k.First) : System.Array.Empty<string>();

        /// <summary>
        /// The scalars a kernel takes: (type, parameter name, expression with {layer}/{self} placeholders, node).
        /// A chain's backward needs them too (its derivatives use them); an op kernel's backward reads its saved buffers instead.
        /// </summary>
        public static List<(string Type, string Name, string Expression, GraphNode Node)> Scalars(Kernel k, bool backward = false)
        {
            var result = new List<(string, string, string, GraphNode)>();
            if (k.Kind == KernelKind.Chain)
            {
                foreach (var node in k.Nodes)
                    if (OpRegistry.Get(node.Op) is ElementwiseOp e)
                        foreach (var scalar in e.RuntimeScalars(node))
                            result.Add(("float", ScalarAdjoint.ParameterName(node, scalar.Name), "(float){layer}." + scalar.Member, node));
            }
            else if (!backward && k.Kind == KernelKind.Op && OpRegistry.Get(k.First.Op) is ICpuKernelOp op)
            {
                foreach (var a in op.Arguments(k.First)) result.Add((a.Type, a.Name, a.Expression, k.First));
            }

            return result;
        }

        public void EmitForward(SourceWriter w, Kernel k)
        {
            var parameters = new List<string> { "in CallSizes s" };
            for (int j = 0; j < k.Inputs.Count; j++) parameters.Add($"global::System.ReadOnlySpan<float> {X(k, j)}");
            parameters.Add("global::System.Span<float> y");
            parameters.AddRange(Saved(k).Select(b => $"global::System.Span<float> {b}"));
            if (k.Kind == KernelKind.Gemm) parameters.Add("global::GraphGen.Nn.Linear layer");
            parameters.AddRange(Scalars(k).Select(sc => $"{sc.Type} {sc.Name}"));

            var program = k.Kind == KernelKind.Chain ? ScalarAdjoint.Forward(k, j => X(k, j)) : null;
            var simd = program is not null && WorthVectors(k.Output.Shape)
                ? SimdRenderer.Instance.Statements(program)?.Append($"V.Store({program.Result}, y, i);").ToList()
                : null;

            w.Line($"/// <summary>{Summary(k)}</summary>");
            using (w.OpenBlock($"private static void {k.Name}_forward({string.Join(", ", parameters)})"))
            {
                var c = Context(w, k, accumulate: k.Inputs.Select(_ => false).ToList());
                switch (k.Kind)
                {
                    case KernelKind.Gemm:
                        LinearOp.EmitCpuForward(c, k.Nodes.Count > 1 ? ((IGemmActivation)OpRegistry.Get(k.Nodes[1].Op)).GemmActivation : "None");
                        break;
                    case KernelKind.Chain:
                        w.Line(simd is null
                            ? $"// one pass over the {Shape(k.Output.Shape)} elements"
                            : $"// one pass over the {Shape(k.Output.Shape)} elements: whole SIMD vectors first ({k.Name}_forward_simd), then the scalar tail");
                        if (simd is not null) w.Line($"int i = {Dispatch(k.Name + "_forward_simd", parameters)};");
                        using (w.OpenBlock(simd is null ? "for (int i = 0; i < y.Length; i++)" : "for (; i < y.Length; i++)"))
                        {
                            foreach (var line in CpuScalarRenderer.Instance.AllStatements(program!)) w.Line(line);
                            w.Line($"y[i] = {program!.Result};");
                        }

                        break;
                    case KernelKind.Broadcast:
                        w.Line($"global::GraphGen.Kernels.Cpu.BroadcastKernels.Forward(global::GraphGen.Kernels.Cpu.BinaryOp.{k.First.Op}, {X(k, 0)}, {ShapeSpan(Input(k, 0).Shape)}, {X(k, 1)}, {ShapeSpan(Input(k, 1).Shape)}, y, {ShapeSpan(k.Output.Shape)});");
                        break;
                    default:
                        ((ICpuKernelOp)OpRegistry.Get(k.First.Op)).EmitCpuForward(c);
                        break;
                }
            }

            if (simd is not null) EmitVectorMethod(w, k.Name + "_forward", parameters, "y", simd);
        }

        public void EmitBackward(SourceWriter w, BackwardStep step)
        {
            var k = step.Kernel;
            var parameters = new List<string> { "in CallSizes s" };
            for (int j = 0; j < k.Inputs.Count; j++) parameters.Add($"global::System.ReadOnlySpan<float> {X(k, j)}");
            parameters.Add("global::System.ReadOnlySpan<float> y");
            parameters.Add("global::System.Span<float> dy");
            for (int j = 0; j < k.Inputs.Count; j++) parameters.Add($"global::System.Span<float> {Dx(k, j)}");
            parameters.AddRange(Saved(k).Select(b => $"global::System.ReadOnlySpan<float> {b}"));
            if (k.Kind == KernelKind.Gemm)
            {
                parameters.Add("global::GraphGen.Nn.Linear layer");
                parameters.Add("in global::GraphGen.Compiled.GradientTarget weight");
                parameters.Add("in global::GraphGen.Compiled.GradientTarget bias");
            }

            parameters.AddRange(Scalars(k, backward: true).Select(sc => $"{sc.Type} {sc.Name}"));
            var program = k.Kind == KernelKind.Chain ? ScalarAdjoint.Backward(k, j => X(k, j)) : null;
            var simd = program is not null && WorthVectors(k.Output.Shape)
                ? SimdRenderer.Instance.Statements(program)?.Concat(program.Stores.Select(st => step.Accumulate[st.Input]
                    ? $"if (!{Dx(k, st.Input)}.IsEmpty) V.Store(V.Load({Dx(k, st.Input)}, i) + {st.Gradient}, {Dx(k, st.Input)}, i);"
                    : $"if (!{Dx(k, st.Input)}.IsEmpty) V.Store({st.Gradient}, {Dx(k, st.Input)}, i);")).ToList()
                : null;
            w.Line($"/// <summary>Backward of {k.Name}_forward: from dy, the gradient of its output, to its input's gradient{(k.Kind == KernelKind.Gemm ? " and the layer's parameters'" : "")}.</summary>");
            using (w.OpenBlock($"private static void {k.Name}_backward({string.Join(", ", parameters)})"))
            {
                var c = Context(w, k, step.Accumulate);
                switch (k.Kind)
                {
                    case KernelKind.Gemm:
                        LinearOp.EmitCpuBackward(c, k.Nodes.Count > 1 ? ((IGemmActivation)OpRegistry.Get(k.Nodes[1].Op)).GemmActivation : null);
                        break;
                    case KernelKind.Chain:
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

                        break;
                    case KernelKind.Broadcast:
                        w.Line("// each operand's gradient is summed back over the dimensions it was broadcast along");
                        w.Line($"global::GraphGen.Kernels.Cpu.BroadcastKernels.Backward(global::GraphGen.Kernels.Cpu.BinaryOp.{k.First.Op}, {X(k, 0)}, {ShapeSpan(Input(k, 0).Shape)}, {X(k, 1)}, {ShapeSpan(Input(k, 1).Shape)},");
                        w.Line($"    dy, {ShapeSpan(k.Output.Shape)}, {Dx(k, 0)}, {CpuOpContext.Bool(step.Accumulate[0])}, {Dx(k, 1)}, {CpuOpContext.Bool(step.Accumulate[1])});");
                        break;
                    default:
                        ((ICpuKernelOp)OpRegistry.Get(k.First.Op)).EmitCpuBackward(c);
                        break;
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

        private CpuOpContext Context(SourceWriter w, Kernel k, IReadOnlyList<bool> accumulate) =>
            new(w, k.First, k.First.Inputs.Select(i => _graph.Nodes[i].Shape).ToList(), d => _names.Dim(d, "s."), accumulate);

        private GraphNode Input(Kernel k, int j) => _graph.Nodes[k.Inputs[j]];

        private string ShapeSpan(SymShape shape) =>
            shape.Rank == 0 ? "global::System.ReadOnlySpan<int>.Empty" : "stackalloc int[] { " + string.Join(", ", shape.Dims.Select(d => _names.Dim(d, "s."))) + " }";

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
                _ => $"{first.Label}: {OpRegistry.Get(first.Op).Describe(first)}",
            };
            string inputs = string.Join(", ", k.Inputs.Select(i => _graph.Nodes[i].Shape.ToString()));
            return Escape($"{what}. {inputs} -> {k.Output.Shape}");
        }

        private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
