using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The Dropout family's launches as compiled GPU code makes them (as <see cref="Cpu.DropoutKernels"/> on the CPU):
/// inverted dropout with a saved mask drawn on the host from the eager ops' generator, and its backward.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DropoutLaunches
{
    public static void Forward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mask, double p, bool training, RandomGenerator generator)
        where TSizes : struct, IEquatable<TSizes> => CompiledGpuOps.Dropout(ws, x, y, mask, p, training, generator);

    public static void Backward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> mask, ArrayView<float> dx, bool accumulate)
        where TSizes : struct, IEquatable<TSizes> => CompiledGpuOps.DropoutBackward(ws, dy, mask, dx, accumulate);
}
