using System.Buffers;
using System.Numerics.Tensors;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Lets a kernel that overwrites its output add onto it instead (a gradient with several readers, a parameter's
/// existing Grad): <see cref="Begin"/> gives the destination itself, or a pooled scratch buffer to be added by
/// <see cref="End"/>. No allocation in steady state.
/// </summary>
internal static class AccumulatingOutput
{
    public static Span<float> Begin(Span<float> destination, bool accumulate, out float[]? scratch)
    {
        scratch = accumulate ? ArrayPool<float>.Shared.Rent(destination.Length) : null;
        return scratch is null ? destination : scratch.AsSpan(0, destination.Length);
    }

    public static void End(Span<float> destination, float[]? scratch)
    {
        if (scratch is null) return;
        TensorPrimitives.Add(destination, scratch.AsSpan(0, destination.Length), destination);
        ArrayPool<float>.Shared.Return(scratch);
    }
}
