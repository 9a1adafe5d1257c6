using System.Numerics;
using GraphGen.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Kernels.Gpu;

/// <summary>Embedding lookups on the device: the view-level launches and the eager op over checked int64 indices.</summary>
internal static partial class GpuTensorOps
{
    /// <summary>y[i, :] = weight[indices[i], :].</summary>
    internal static void EmbeddingForward<T>(GpuDevice d, ArrayView<long> indices, ArrayView<T> weight, ArrayView<T> y, int dim)
        where T : unmanaged =>
        GpuLaunch.Run(d, EmbeddingKernels.Gather<T>, (int)y.Length, indices, weight, y, dim);

    /// <summary>dweight (overwritten) = Σ of dy's rows into their indices' rows, the padding row (−1: none) left at 0.</summary>
    internal static void EmbeddingBackward<T, TMath>(GpuDevice d, ArrayView<long> indices, ArrayView<T> dy, ArrayView<T> dweight, int dim, int paddingIdx)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        dweight.MemSetToZero(d.Stream);
        GpuLaunch.Run(d, EmbeddingKernels.ScatterAdd<T, TMath>, (int)dy.Length, indices, dy, dweight, dim, paddingIdx);
    }

    /// <summary>The eager lookup of dense int64 <paramref name="indices"/> (already range-checked) in a device table, recorded as <c>EmbeddingBackward0</c>.</summary>
    public static Tensor Embedding(Tensor indices, Tensor weight, int rows, int dim, int paddingIdx, int[] outShape)
    {
        RequireFloating(weight, "Embedding");
        return weight.DType == DType.Float64
            ? Embedding<double, Float64Math>(indices, weight, rows, dim, paddingIdx, outShape)
            : Embedding<float, Float32Math>(indices, weight, rows, dim, paddingIdx, outShape);
    }

    private static Tensor Embedding<T, TMath>(Tensor indices, Tensor weight, int rows, int dim, int paddingIdx, int[] outShape)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        var y = Empty(weight.Device, weight.DType, outShape);
        var d = DeviceOf(y);
        EmbeddingForward(d, DenseView<long>(indices), DenseView<T>(Dense(weight)), DenseView<T>(y), dim);
        return Autograd.Record("EmbeddingBackward0", y, grad =>
        {
            var dw = Empty(weight.Device, weight.DType, [rows, dim]);
            EmbeddingBackward<T, TMath>(d, DenseView<long>(indices), DenseView<T>(Dense(grad)), DenseView<T>(dw), dim, paddingIdx);
            return [dw];
        }, weight);
    }
}
