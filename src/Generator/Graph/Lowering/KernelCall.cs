using GraphGen.Generator.Model;

namespace GraphGen.Generator.Graph.Lowering
{
    /// <summary>
    /// One call of a runtime kernel, as an op lowers its kernel: the op family (the runtime class on each device), the
    /// kernel method, its typed arguments, and a comment for the reader. Data, not C# text: each backend renders it
    /// by one convention (CPU: <c>GraphGen.Kernels.Cpu.{Family}Kernels.{Kernel}(spans ...)</c>, GPU:
    /// <c>GraphGen.Kernels.Gpu.{Family}Launches.{Kernel}(ws, views ...)</c>), so an op needs no backend edit.
    /// </summary>
    internal sealed record KernelCall(string Family, string Kernel, EquatableArray<KernelArgument> Arguments, string? Comment = null)
    {
        public KernelCall(string family, string kernel, string? comment, params KernelArgument[] arguments)
            : this(family, kernel, new EquatableArray<KernelArgument>(arguments), comment)
        {
        }
    }
}
