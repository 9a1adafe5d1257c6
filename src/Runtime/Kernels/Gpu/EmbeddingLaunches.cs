using System.Buffers;
using System.ComponentModel;
using GraphGen.Compiled.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The Embedding family's launches as compiled GPU code makes them, in the order of arguments of
/// <see cref="Cpu.EmbeddingKernels"/> after the workspace. The indices are the index input's own int64 device view (the
/// float workspace never holds them). Each index is checked on the host first, as the eager op does, so a bad id is the
/// CPU backend's clear error rather than a device fault: that check copies the ids back, which waits for the stream.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EmbeddingLaunches
{
    /// <summary>y[i, :] = weight[indices[i], :], each index checked to be a row of the table.</summary>
    public static void Forward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<long> indices, ArrayView<float> y, int dim, Tensor weight)
        where TSizes : struct, IEquatable<TSizes>
    {
        CheckRange(ws, indices, weight.ShapeArray[0]);
        GpuTensorOps.EmbeddingForward(ws.Gpu, indices, GpuCall.ViewOf(weight), y, dim);
    }

    /// <summary>dweight (+)= each row of dy added (atomically) into its index's row; the padding row (if any) gets nothing.</summary>
    public static void WeightGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<long> indices, ArrayView<float> dy, int dim, int? paddingIdx,
        Tensor weight, out Tensor? gradient)
        where TSizes : struct, IEquatable<TSizes>
    {
        gradient = null;
        if (!GpuCall.Wants(weight)) return;
        // The scatter adds, so an existing Grad is added onto in place and a fresh target is zeroed first.
        var (target, accumulate, forAutograd) = GpuCall.TargetOf(ws, weight);
        gradient = forAutograd;
        if (!accumulate) target.MemSetToZero(ws.Gpu.Stream);
        GpuLaunch.Run(ws.Gpu, EmbeddingKernels.ScatterAdd<float, Float32Math>, (int)dy.Length, indices, dy, target, dim, paddingIdx ?? -1);
    }

    private static void CheckRange<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<long> indices, int rows) where TSizes : struct, IEquatable<TSizes>
    {
        int n = (int)indices.Length;
        if (n == 0) return;
        var host = ArrayPool<long>.Shared.Rent(n);
        try
        {
            indices.CopyToCPU(ws.Gpu.Stream, host.AsSpan(0, n));
            ws.Gpu.Stream.Synchronize();
            foreach (long i in host.AsSpan(0, n))
                if (i < 0 || i >= rows)
                    throw new ArgumentOutOfRangeException(nameof(indices), i, $"Embedding: index {i} is out of range for a table of {rows} embeddings (expected 0 <= index < {rows}).");
        }
        finally
        {
            ArrayPool<long>.Shared.Return(host);
        }
    }
}
