using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;

namespace GraphGen.Generator.Emit
{
    internal sealed partial class GpuEmitter
    {
        private sealed partial class Writer
        {
            /// <summary>
            /// A lowered op's launches, in the GPU's words, the kernel's layers named after the first: its calls of
            /// <c>GraphGen.Kernels.Gpu.{Family}Launches</c>, each queued on the workspace's device stream.
            /// </summary>
            private IEnumerable<string> Launches(Kernel k, IEnumerable<KernelCall> calls, BackwardStep? step)
            {
                var renderer = new CallRenderer(this, k, step);
                string label = string.Join(" + ", k.Nodes.Select(n => n.Label));
                bool first = true;
                foreach (var call in calls)
                {
                    foreach (var line in renderer.Lines(call, first ? label : "")) yield return line;
                    first = false;
                }
            }

            private KernelLowering Lowering(Kernel k, IReadOnlyList<bool>? accumulate = null) =>
                new(k, k.First.Inputs.Select(i => Graph.Nodes[i].Shape).ToList(), accumulate);

            /// <summary>
            /// The GPU's words for kernel call arguments in the Call and the backward: buffers are device views (an input's
            /// view, workspace fields, gradient views or <c>default</c> when not needed), parameters are read from the call's
            /// layers, a parameter's gradient target is the parameter and the local its gradient for autograd lands in
            /// (<c>out fc1_weight</c>), run-time values are read where the call runs.
            /// </summary>
            private sealed class CallRenderer : KernelCallRenderer
            {
                private readonly Writer _writer;
                private readonly Kernel _kernel;
                private readonly BackwardStep? _step;

                public CallRenderer(Writer writer, Kernel kernel, BackwardStep? step)
                {
                    _writer = writer;
                    _kernel = kernel;
                    _step = step;
                }

                protected override string ClassOf(string family) => $"global::GraphGen.Kernels.Gpu.{family}Launches";

                protected override IEnumerable<string> LeadingArguments => new[] { "ws" };

                protected override string Dim(SymDim dim) => _writer.Names.Dim(dim, "sizes.");

                protected override string BackendArgument(KernelArgument a)
                {
                    var node = _kernel.First;
                    string slot = _writer.Slot(_kernel.Output.Id).Name;
                    return a.Kind switch
                    {
                        KernelArgumentKind.Input => _writer.Value(node.Inputs[a.Index]),
                        KernelArgumentKind.Output => _writer.Value(_kernel.Output.Id),
                        KernelArgumentKind.OutputGradient => $"ws.d_{slot}",
                        KernelArgumentKind.InputGradient => _writer.GradientView(node.Inputs[a.Index], _step!.InputNeeded[KernelParameters.KernelInput(_kernel, a.Index)]),
                        KernelArgumentKind.Saved => $"ws.{_kernel.Name}_{a.Text}",
                        KernelArgumentKind.Parameter or KernelArgumentKind.LayerMember => $"layers.{LayerOf(node)}.{a.Text}",
                        KernelArgumentKind.ParameterGradient => $"layers.{LayerOf(node)}.{a.Text}, out {CodeNames.ParameterGradient(node, a.Text)}",
                        KernelArgumentKind.Value => ScalarExpression(KernelParameters.LoweredBy(_kernel)!.Values(node).First(v => v.Name == a.Text).Expression, node),
                        _ => throw new System.ArgumentOutOfRangeException(nameof(a), a.Kind, "not an argument the GPU backend renders"),
                    };
                }
            }
        }
    }
}
