using System.Collections.Generic;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// The CPU's words for kernel calls, inside a generated kernel method: the family's kernels are
    /// <c>GraphGen.Kernels.Cpu.{Family}Kernels</c>, buffers are the method's span parameters (<c>x</c>, <c>y</c>, <c>dy</c>,
    /// <c>dx</c>, saved buffers by name), parameters are read from <c>layer</c>, gradient targets are the method's
    /// <c>in</c> parameters, sizes are read from <c>s</c>.
    /// </summary>
    internal sealed class CpuKernelCallRenderer : KernelCallRenderer
    {
        private readonly Kernel _kernel;
        private readonly CodeNames _names;

        public CpuKernelCallRenderer(Kernel kernel, CodeNames names)
        {
            _kernel = kernel;
            _names = names;
        }

        protected override string ClassOf(string family) => $"global::GraphGen.Kernels.Cpu.{family}Kernels";

        protected override IEnumerable<string> LeadingArguments => System.Array.Empty<string>();

        protected override string Dim(SymDim dim) => _names.Dim(dim, "s.");

        protected override string BackendArgument(KernelArgument a) => a.Kind switch
        {
            KernelArgumentKind.Input => KernelParameters.X(_kernel, KernelParameters.KernelInput(_kernel, a.Index)),
            KernelArgumentKind.Output => "y",
            KernelArgumentKind.OutputGradient => "dy",
            KernelArgumentKind.InputGradient => KernelParameters.Dx(_kernel, KernelParameters.KernelInput(_kernel, a.Index)),
            KernelArgumentKind.Saved => a.Text,
            KernelArgumentKind.Parameter or KernelArgumentKind.LayerMember => "layer." + a.Text,
            KernelArgumentKind.ParameterGradient => "in " + a.Text.ToLowerInvariant(),
            KernelArgumentKind.Value => a.Text,
            _ => throw new System.ArgumentOutOfRangeException(nameof(a), a.Kind, "not an argument the CPU backend renders"),
        };
    }
}
