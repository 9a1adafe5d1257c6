using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Emit
{
    /// <summary>The CPU file's device check and workspace.</summary>
    internal sealed partial class CpuEmitter
    {
        private sealed partial class Writer
        {
            // ---------------------------------------------------------------- device check and workspace

            private void WriteDeviceCheck()
            {
                var checks = _parameterized.SelectMany(l => CodeNames.Parameters(l).Select(p => $"global::GraphGen.Compiled.CompiledCall.IsFloat32Cpu(layers.{LayerOf(l)}.{p})"))
                    .Distinct().ToList();
                _w.Line("/// <summary>Whether every parameter the kernels read is a float32 tensor on the CPU.</summary>");
                _w.Line($"private static bool AreFloat32Cpu(CallLayers layers) => {(checks.Count == 0 ? "true" : string.Join("\n    && ", checks))};");
                _w.Line();
            }

            private void WriteWorkspace() => WorkspaceEmitter.Write(_w, _plan, _backward, _names, new WorkspaceStyle(
                "Activations, saved values and gradients for one <see cref=\"CallSizes\"/>: planned once, reused by every call at those sizes.",
                "private sealed class CpuWorkspace : global::GraphGen.Compiled.Workspace<CallSizes>",
                "public CpuWorkspace(CallSizes s) : base(s)",
                "float[]", " = global::System.Array.Empty<float>()", size => $"new float[{size}]"));
        }
    }
}
