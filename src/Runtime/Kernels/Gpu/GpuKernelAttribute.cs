using System.ComponentModel;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Marks a static method as an ILGPU kernel of the compiled GPU backend: the runtime's kernels that
/// compiled code launches (<see cref="BroadcastKernels"/>, <see cref="ScaledSumKernels"/>, ...) and every kernel the generator writes into <c>{Type}.Gpu.g.cs</c>.
/// Tests find kernels by this attribute, so a kernel added later is compiled to PTX and run without a list to update.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GpuKernelAttribute : Attribute
{
    /// <summary>True for kernels with an explicit group size (shared memory, barriers); false for one thread per element.</summary>
    public bool ExplicitlyGrouped { get; init; }
}
