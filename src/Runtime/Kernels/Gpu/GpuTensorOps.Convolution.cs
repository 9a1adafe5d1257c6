using System.Numerics;
using GraphGen.Gpu;
using GraphGen.Kernels.Cpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Convolution on the device as im2col + the tiled GEMM: per group, one batched GEMM over every sample (the weight
/// broadcast over the batch). The view-level launches serve the eager op below and compiled code
/// (<see cref="ConvLaunches"/>) alike; the im2col matrix and per-sample weight gradients are pooled scratch buffers.
/// </summary>
internal static partial class GpuTensorOps
{
    /// <summary>Elements of the batched im2col matrix [Batch, Groups, PatchLength, OutPlane] (none when pointwise: the input is the matrix).</summary>
    internal static long ConvColumnsLength(in Conv2dGeometry g) => g.IsPointwise ? 0 : (long)g.Batch * g.Groups * g.PatchLength * g.OutPlane;

    /// <summary>y = conv(x, weight) (+ bias per output channel; an empty bias view means none). y is overwritten.</summary>
    internal static void Conv2dForward<T, TMath>(GpuDevice d, ArrayView<T> x, ArrayView<T> weight, ArrayView<T> bias, ArrayView<T> y, Conv2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        if (g.OutputLength == 0) return;
        using var columns = new DeviceScratch<T>(d, ConvColumnsLength(g));
        if (!g.IsPointwise) GpuLaunch.Run(d, ConvolutionKernels.Im2Col<T>, (int)columns.View.Length, x, columns.View, g);
        var matrix = g.IsPointwise ? x : columns.View;
        int og = g.OutChannelsPerGroup, k = g.PatchLength, plane = g.OutPlane;
        for (int grp = 0; grp < g.Groups; grp++)
        {
            // Pointwise, k = channels per group and plane = the input plane, so the input's offsets are the columns'.
            var args = new GemmArgs
            {
                M = og, N = plane, K = k, Lda = k, Ldb = plane, Ldc = plane,
                OffsetA = grp * og * k, OffsetB = grp * k * plane, OffsetC = grp * og * plane,
                BatchStrideB = g.Groups * k * plane, BatchStrideC = g.OutChannels * plane,
            };
            LaunchGemm<T, TMath>(d, weight, matrix, y, default, args, g.Batch);
        }
        if (bias.Length > 0) GpuLaunch.Run(d, ConvolutionKernels.AddChannelBias<T>, g.OutputLength, y, bias, g.OutChannels, plane);
    }

    /// <summary>dx (overwritten) = per sample and group Wᵀ·dY into the columns, then col2im.</summary>
    internal static void Conv2dBackwardInput<T, TMath>(GpuDevice d, ArrayView<T> dy, ArrayView<T> weight, ArrayView<T> dx, Conv2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        if (g.InputLength == 0) return;
        if (g.OutputLength == 0)
        {
            dx.MemSetToZero(d.Stream);
            return;
        }
        using var columns = new DeviceScratch<T>(d, ConvColumnsLength(g));
        var target = g.IsPointwise ? dx : columns.View;
        int og = g.OutChannelsPerGroup, k = g.PatchLength, plane = g.OutPlane;
        for (int grp = 0; grp < g.Groups; grp++)
        {
            var args = new GemmArgs
            {
                M = k, N = plane, K = og, TransA = 1, Lda = k, Ldb = plane, Ldc = plane,
                OffsetA = grp * og * k, OffsetB = grp * og * plane, OffsetC = grp * k * plane,
                BatchStrideB = g.OutChannels * plane, BatchStrideC = g.Groups * k * plane,
            };
            LaunchGemm<T, TMath>(d, weight, dy, target, default, args, g.Batch);
        }
        if (!g.IsPointwise) GpuLaunch.Run(d, ConvolutionKernels.Col2Im<T>, g.InputLength, columns.View, dx, g);
    }

    /// <summary>dw (overwritten) = Σ over samples of dY·columnsᵀ per group: one batched GEMM into per-sample slices, then their sum.</summary>
    internal static void Conv2dBackwardWeight<T, TMath>(GpuDevice d, ArrayView<T> x, ArrayView<T> dy, ArrayView<T> dw, Conv2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        if (g.WeightLength == 0) return;
        if (g.Batch == 0 || g.OutPlane == 0)
        {
            dw.MemSetToZero(d.Stream);
            return;
        }
        using var columns = new DeviceScratch<T>(d, ConvColumnsLength(g));
        if (!g.IsPointwise) GpuLaunch.Run(d, ConvolutionKernels.Im2Col<T>, (int)columns.View.Length, x, columns.View, g);
        var matrix = g.IsPointwise ? x : columns.View;
        using var perSample = new DeviceScratch<T>(d, g.Batch > 1 ? (long)g.Batch * g.WeightLength : 0);
        var target = g.Batch > 1 ? perSample.View : dw;
        int og = g.OutChannelsPerGroup, k = g.PatchLength, plane = g.OutPlane;
        for (int grp = 0; grp < g.Groups; grp++)
        {
            var args = new GemmArgs
            {
                M = og, N = k, K = plane, TransB = 1, Lda = plane, Ldb = plane, Ldc = k,
                OffsetA = grp * og * plane, OffsetB = grp * k * plane, OffsetC = grp * og * k,
                BatchStrideA = g.OutChannels * plane, BatchStrideB = g.Groups * k * plane, BatchStrideC = g.WeightLength,
            };
            LaunchGemm<T, TMath>(d, dy, matrix, target, default, args, g.Batch);
        }
        if (g.Batch > 1) GpuLaunch.Run(d, ReductionKernels.SumRows<T>, g.WeightLength, perSample.View, dw, g.Batch, g.WeightLength);
    }

    /// <summary>db[o] (overwritten) = Σ dy over samples and positions of output channel o.</summary>
    internal static void Conv2dBackwardBias<T>(GpuDevice d, ArrayView<T> dy, ArrayView<T> db, Conv2dGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        GpuLaunch.Run(d, ConvolutionKernels.ChannelSums<T>, g.OutChannels, dy, db, g.Batch, g.OutChannels, g.OutPlane);

    /// <summary>
    /// The eager convolution of validated operands on one device (float32 or float64), recorded as
    /// <c>ConvolutionBackward0</c> with the input, weight and bias gradients each computed only when needed.
    /// </summary>
    public static Tensor Convolution(Tensor input, Tensor weight, Tensor? bias, Conv2dGeometry g, int[] outShape)
    {
        RequireFloating(input, "Convolution");
        return input.DType == DType.Float64
            ? Convolution<double, Float64Math>(input, weight, bias, g, outShape)
            : Convolution<float, Float32Math>(input, weight, bias, g, outShape);
    }

    private static Tensor Convolution<T, TMath>(Tensor input, Tensor weight, Tensor? bias, Conv2dGeometry g, int[] outShape)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        var x = Dense(input);
        var w = Dense(weight);
        var y = Empty(input.Device, input.DType, outShape);
        var d = DeviceOf(y);
        Conv2dForward<T, TMath>(d, DenseView<T>(x), DenseView<T>(w), bias is null ? default : DenseView<T>(Dense(bias)), DenseView<T>(y), g);
        return Autograd.Record("ConvolutionBackward0", y, (grad, needs) =>
        {
            var dy = DenseView<T>(Dense(grad));
            Tensor? dx = null, dw = null, db = null;
            if (needs[0])
            {
                dx = Empty(input.Device, input.DType, input.ShapeArray);
                Conv2dBackwardInput<T, TMath>(d, dy, DenseView<T>(w), DenseView<T>(dx), g);
            }
            if (needs[1])
            {
                dw = Empty(input.Device, input.DType, weight.ShapeArray);
                Conv2dBackwardWeight<T, TMath>(d, DenseView<T>(x), dy, DenseView<T>(dw), g);
            }
            if (needs[2])
            {
                db = Empty(input.Device, input.DType, bias!.ShapeArray);
                Conv2dBackwardBias(d, dy, DenseView<T>(db), g);
            }
            return [dx, dw, db];
        }, input, weight, bias).Saving(input, weight);
    }

    /// <summary>The elements of a contiguous device tensor as a view of T, from its offset.</summary>
    internal static ArrayView<T> DenseView<T>(Tensor t) where T : unmanaged => Gpu(t).View<T>().SubView(t.Offset, t.NumEl);
}
