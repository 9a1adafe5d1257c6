using System.Numerics;
using GraphGen.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Kernels.Gpu;

internal static partial class GpuTensorOps
{
    /// <summary>Batched float32 (or float64) matrix product of rank ≥ 2 tensors with broadcast batch dims, one launch for all batches.</summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        a.EnsureSameDevice(b, "MatMul");
        RequireFloating(a, "MatMul");
        int m = a.ShapeArray[^2], k = a.ShapeArray[^1], n = b.ShapeArray[^1];
        var batch = Shape.Broadcast(a.ShapeArray.AsSpan(0, a.Rank - 2), b.ShapeArray.AsSpan(0, b.Rank - 2), "MatMul");
        int batches = new Shape(batch).NumEl;
        var result = Empty(a.Device, a.DType, [.. batch, m, n], clear: k == 0);
        if (batches == 0 || m == 0 || n == 0 || k == 0) return result;
        Tensor ca, cb;
        bool transA, transB;
        using (Autograd.NoGrad())
        {
            (ca, transA) = Tensor.GemmOperand(a.Expand([.. batch, m, k]));
            (cb, transB) = Tensor.GemmOperand(b.Expand([.. batch, k, n]));
        }
        var args = new GemmArgs
        {
            M = m, N = n, K = k,
            Lda = transA ? m : k, Ldb = transB ? k : n, Ldc = n,
            TransA = transA ? 1 : 0, TransB = transB ? 1 : 0,
            OffsetA = ca.Offset, OffsetB = cb.Offset,
            BatchStrideA = batch.Length > 0 && Tensor.IsBroadcastBatch(ca, batch) ? 0 : m * k,
            BatchStrideB = batch.Length > 0 && Tensor.IsBroadcastBatch(cb, batch) ? 0 : k * n,
            BatchStrideC = m * n,
        };
        if (a.DType == DType.Float64) MatMul64(ca, cb, result, args, batches);
        else Gemm(ca, cb, result, null, args, batches);
        return result;
    }

    /// <summary>
    /// Launches the tiled GEMM: C = op(A)·op(B) (+ bias) then the activation in <paramref name="args"/>, over
    /// <paramref name="batches"/> matrices. A, B, C (and bias) must be float32 on one device.
    /// </summary>
    public static void Gemm(Tensor a, Tensor b, Tensor c, Tensor? bias, GemmArgs args, int batches = 1)
    {
        var biasView = bias is null ? default : Gpu(bias).View<float>().SubView(bias.Offset, bias.NumEl);
        LaunchGemm(DeviceOf(c), Gpu(a).View<float>(), Gpu(b).View<float>(), Gpu(c).View<float>(), biasView, args, batches);
    }

    /// <summary>
    /// The one launch of the tiled GEMM kernel (grid ⌈N/16⌉ × ⌈M/16⌉ × batches, groups of 8×8), for eager ops and
    /// compiled code alike; an empty <paramref name="bias"/> view means no bias. Nothing runs for an empty output.
    /// </summary>
    internal static void LaunchGemm(GpuDevice d, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, GemmArgs args, int batches = 1) =>
        LaunchGemm<float, Float32Math>(d, a, b, c, bias, args, batches);

    /// <summary>The same launch in either float type (float64 MatMul passes no bias and no activation).</summary>
    internal static void LaunchGemm<T, TMath>(GpuDevice d, ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, ArrayView<T> bias, GemmArgs args, int batches)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        if (args.M == 0 || args.N == 0 || batches == 0) return;
        const int tile = GemmKernel.Tile;
        var config = new ILGPU.KernelConfig(
            new ILGPU.Index3D((args.N + tile - 1) / tile, (args.M + tile - 1) / tile, batches),
            new ILGPU.Index3D(GemmKernel.Threads, GemmKernel.Threads, 1));
        args.HasBias = bias.Length > 0 ? 1 : 0;
        GpuLaunch.RunGrouped(d, GemmKernel.Gemm<T, TMath>, config, a, b, c, args.HasBias != 0 ? bias : c, args);
    }

    /// <summary>
    /// y = x·Wᵀ + b as one GEMM launch with the bias in its epilogue (W read in place, transposed), recorded as
    /// one autograd node whose backward is dX = dY·W, dW = dYᵀ·X (two GEMMs) and db = column sums of dY.
    /// </summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias)
    {
        input.EnsureSameDevice(weight, "Linear");
        if (bias is not null) input.EnsureSameDevice(bias, "Linear");
        RequireFloat32(input, "Linear");
        int outF = weight.ShapeArray[0], inF = weight.ShapeArray[1];
        var x = input.Detach();
        x = x.IsContiguous ? x : Contiguous(x);
        var w = weight.Detach();
        w = w.IsContiguous ? w : Contiguous(w);
        var bv = bias?.Detach();
        if (bv is not null && !bv.IsContiguous) bv = Contiguous(bv);
        int rows = 1; // leading dims flattened into GEMM rows; 1 for a 1-D input
        for (int i = 0; i < x.Rank - 1; i++) rows *= x.ShapeArray[i];
        var outShape = (int[])input.ShapeArray.Clone();
        outShape[^1] = outF;
        var y = Empty(input.Device, DType.Float32, outShape, clear: true);
        if (rows > 0 && outF > 0)
        {
            var args = new GemmArgs { M = rows, N = outF, K = inF, Lda = inF, Ldb = inF, Ldc = outF, TransB = 1, OffsetA = x.Offset, OffsetB = w.Offset };
            Gemm(x, w, y, bv, args);
        }
        bool needX = input.RequiresGrad, needW = weight.RequiresGrad, needB = bias is { RequiresGrad: true };
        return Autograd.Record(Nn.F.LinearNodeName(input, bias), y, g =>
        {
            var dy = g.IsContiguous ? g : Contiguous(g);
            Tensor? dx = null, dw = null, db = null;
            if (needX)
            {
                dx = Empty(input.Device, DType.Float32, input.ShapeArray, clear: true);
                if (rows > 0 && inF > 0 && outF > 0)
                    Gemm(dy, w, dx, null, new GemmArgs { M = rows, N = inF, K = outF, Lda = outF, Ldb = inF, Ldc = inF, OffsetA = dy.Offset, OffsetB = w.Offset });
            }
            if (needW)
            {
                dw = Empty(input.Device, DType.Float32, [outF, inF], clear: true);
                if (rows > 0 && inF > 0 && outF > 0)
                    Gemm(dy, x, dw, null, new GemmArgs { M = outF, N = inF, K = rows, Lda = outF, Ldb = inF, Ldc = inF, TransA = 1, OffsetA = dy.Offset, OffsetB = x.Offset });
            }
            if (needB) db = SumDim(dy.Reshape(rows, outF), 0).Reshape(outF);
            return [dx, dw, db];
        }, input, weight, bias);
    }
}
