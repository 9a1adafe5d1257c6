using System.ComponentModel;
using Activation = GraphGen.Kernels.Cpu.Activation;
using BinaryOp = GraphGen.Kernels.Cpu.BinaryOp;
using GraphGen.Kernels.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Compiled.Gpu;

/// <summary>
/// The launches generated GPU code makes besides its own fused elementwise kernels: Linear as one tiled
/// shared-memory GEMM with the bias and activation in its epilogue, and the analytic backward pieces (weight
/// GEMM, bias column sums, input GEMM), softmax, sums, dropout and broadcasting arithmetic. Every launch is
/// queued on the workspace's device stream; empty sizes launch nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CompiledGpuOps
{
    /// <summary>y[rows, n] = act(x[rows, k] · Wᵀ + b): one GEMM launch, W read in place and transposed.</summary>
    public static void Linear<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, int rows, int k, int n, Tensor weight, Tensor? bias, Activation activation)
        where TSizes : struct, IEquatable<TSizes>
    {
        var args = new GemmArgs { M = rows, N = n, K = k, Lda = k, Ldb = k, Ldc = n, TransB = 1, Activation = activation };
        Gemm(ws, x, GpuCall.ViewOf(weight), y, GpuCall.ViewOrEmpty(bias), args);
    }

    /// <summary>y = act(y) in place over its first <paramref name="n"/> values: the activation fused after a kernel with no epilogue of its own (conv, batch norm).</summary>
    public static void Activate<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> y, int n, Activation activation) where TSizes : struct, IEquatable<TSizes>
    {
        switch (activation)
        {
            case Activation.None: break;
            case Activation.Relu: GpuLaunch.Run(ws.Gpu, ElementwiseKernels.Map<float, ReluOp>, n, y, y, 0f); break;
            case Activation.Sigmoid: GpuLaunch.Run(ws.Gpu, ElementwiseKernels.Map<float, SigmoidOp>, n, y, y, 0f); break;
            case Activation.Tanh: GpuLaunch.Run(ws.Gpu, ElementwiseKernels.Map<float, TanhOp>, n, y, y, 0f); break;
            default: throw new ArgumentOutOfRangeException(nameof(activation), activation, "expected an Activation member (None, Relu, Sigmoid, Tanh).");
        }
    }

    /// <summary>dy becomes the gradient before the GEMM's fused activation, in place (it needs only the output y).</summary>
    public static void ActivationGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> y, ArrayView<float> dy, Activation activation) where TSizes : struct, IEquatable<TSizes> =>
        GpuLaunch.Run(ws.Gpu, ActivationGradientKernels.ActivationGradient, (int)dy.Length, y, dy, activation);

    /// <summary>
    /// dW = dyᵀ · x [n, k], written straight into the weight's gradient (<see cref="GpuCall.TargetOf"/>), or into a
    /// pooled temporary that is then added onto an existing Grad. Returns the gradient for autograd, if any.
    /// </summary>
    public static Tensor? WeightGradient<TSizes>(GpuWorkspace<TSizes> ws, Tensor weight, ArrayView<float> dy, ArrayView<float> x, int rows, int k, int n)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (!GpuCall.Wants(weight)) return null;
        var (target, accumulate, forAutograd) = GpuCall.TargetOf(ws, weight);
        using var temporary = accumulate ? new DeviceScratch<float>(ws.Gpu, target.Length) : default;
        var dw = accumulate ? temporary.View : target;
        if (rows == 0) dw.MemSetToZero(ws.Gpu.Stream);
        else Gemm(ws, dy, x, dw, default, new GemmArgs { M = n, N = k, K = rows, Lda = n, Ldb = k, Ldc = k, TransA = 1 });
        if (accumulate) GpuCall.Copy(ws, dw, target, accumulate: true);
        return forAutograd;
    }

    /// <summary>db = Σ over dy's rows [n] (a column reduction), into the bias's gradient as <see cref="WeightGradient"/> does.</summary>
    public static Tensor? BiasGradient<TSizes>(GpuWorkspace<TSizes> ws, Tensor? bias, ArrayView<float> dy, int rows, int n)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (!GpuCall.Wants(bias)) return null;
        var (target, accumulate, forAutograd) = GpuCall.TargetOf(ws, bias!);
        using var temporary = accumulate ? new DeviceScratch<float>(ws.Gpu, target.Length) : default;
        var db = accumulate ? temporary.View : target;
        Sum(ws, dy, db, outer: 1, n: rows, inner: n, scale: 1f); // column sums: the rows are the reduced middle dim
        if (accumulate) GpuCall.Copy(ws, db, target, accumulate: true);
        return forAutograd;
    }

    /// <summary>
    /// dx (+)= dy · W [rows, k]. An accumulating write goes through a pooled temporary (the GEMM overwrites);
    /// nothing happens when dx is empty (its gradient is not needed).
    /// </summary>
    public static void InputGradient<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> dx, int rows, int k, int n, Tensor weight, bool accumulate)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (dx.Length == 0) return;
        using var temporary = accumulate ? new DeviceScratch<float>(ws.Gpu, dx.Length) : default;
        var target = accumulate ? temporary.View : dx;
        if (n == 0) target.MemSetToZero(ws.Gpu.Stream);
        else Gemm(ws, dy, GpuCall.ViewOf(weight), target, default, new GemmArgs { M = rows, N = k, K = n, Lda = n, Ldb = k, Ldc = k });
        if (accumulate) GpuCall.Copy(ws, target, dx, accumulate: true);
    }

    /// <summary>Softmax (or log-softmax) over the middle dim of x viewed as [outer, n, inner].</summary>
    public static void Softmax<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, int outer, int n, int inner, bool log) where TSizes : struct, IEquatable<TSizes>
    {
        if (n == 0) return;
        GpuLaunch.Run(ws.Gpu, SoftmaxKernels.Softmax<float, Float32Math>, outer * inner, x, y, n, inner, log ? 1 : 0);
    }

    public static void SoftmaxBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int outer, int n, int inner, bool log, bool accumulate)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (dx.Length == 0 || n == 0) return;
        GpuLaunch.Run(ws.Gpu, SoftmaxKernels.SoftmaxBackward<float, Float32Math>, outer * inner, y, dy, dx, n, inner, log ? 1 : 0, accumulate ? 1 : 0);
    }

    /// <summary>
    /// y[outer, inner] = scale · Σ over the middle dim of x viewed as [outer, n, inner]: a group of threads and a
    /// shared-memory tree per output where <see cref="ScaledSumKernels.UsesGroups"/> says so (few outputs,
    /// long sums: a whole-tensor sum, a bias gradient over many rows), else one thread per output.
    /// </summary>
    public static void Sum<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, int outer, int n, int inner, float scale) where TSizes : struct, IEquatable<TSizes>
    {
        int outputs = outer * inner;
        if (outputs == 0) return;
        if (!ScaledSumKernels.UsesGroups(outputs, n))
        {
            GpuLaunch.Run(ws.Gpu, ScaledSumKernels.Sum, outputs, x, y, n, inner, scale);
            return;
        }

        var config = new KernelConfig(outputs, ScaledSumKernels.GroupSizeFor(ws.Gpu.Accelerator.MaxNumThreadsPerGroup));
        GpuLaunch.RunGrouped(ws.Gpu, ScaledSumKernels.SumGrouped, config, x, y, n, inner, scale);
    }

    public static void SumBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> dx, int outer, int n, int inner, float scale, bool accumulate)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (dx.Length == 0) return;
        GpuLaunch.Run(ws.Gpu, ScaledSumKernels.SumBackward, outer * n * inner, dy, dx, n, inner, scale, accumulate ? 1 : 0);
    }

    /// <summary>
    /// Inverted dropout with a saved mask. The mask is drawn on the host from <paramref name="generator"/>, one
    /// <see cref="RandomGenerator.NextDouble"/> per element in row-major order exactly as the eager op and the CPU
    /// backend draw it (so all three drop the same elements from the same state), then copied to the device.
    /// Outside training (or p = 0) the mask is all ones and y = x.
    /// </summary>
    public static void Dropout<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> x, ArrayView<float> y, ArrayView<float> mask, double p, bool training, RandomGenerator generator)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability has to be between 0 and 1.");
        int length = (int)y.Length;
        if (!training || p == 0)
        {
            GpuLaunch.Run(ws.Gpu, DropoutKernels.Fill, length, mask, 1f);
        }
        else
        {
            double keep = 1 - p;
            float scale = (float)(1 / keep);
            var host = ws.HostScratch(length);
            for (int i = 0; i < host.Length; i++) host[i] = generator.NextDouble() < keep ? scale : 0f;
            mask.SubView(0, length).CopyFromCPU(ws.Gpu.Stream, host);
            ws.Gpu.Stream.Synchronize(); // the host scratch is reused by the next call
        }

        GpuLaunch.Run(ws.Gpu, DropoutKernels.MultiplyMask, length, x, mask, y, 0);
    }

    /// <summary>dx (+)= dy · mask.</summary>
    public static void DropoutBackward<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> dy, ArrayView<float> mask, ArrayView<float> dx, bool accumulate)
        where TSizes : struct, IEquatable<TSizes>
    {
        if (dx.Length == 0) return;
        GpuLaunch.Run(ws.Gpu, DropoutKernels.MultiplyMask, (int)dx.Length, dy, mask, dx, accumulate ? 1 : 0);
    }

    /// <summary>y = a op b with PyTorch's broadcasting (shapes of rank ≤ 4, aligned from the right).</summary>
    public static void Broadcast<TSizes>(GpuWorkspace<TSizes> ws, BinaryOp op, ArrayView<float> a, ReadOnlySpan<int> aShape, ArrayView<float> b, ReadOnlySpan<int> bShape,
        ArrayView<float> y, ReadOnlySpan<int> yShape) where TSizes : struct, IEquatable<TSizes>
    {
        var g = Geometry(aShape, bShape, yShape);
        GpuLaunch.Run(ws.Gpu, BroadcastKernels.Forward, (int)y.Length, a, b, y, g, (int)op);
    }

    /// <summary>Each operand's gradient, summed back over the dims it was stretched along; an empty gradient view is skipped.</summary>
    public static void BroadcastBackward<TSizes>(GpuWorkspace<TSizes> ws, BinaryOp op, ArrayView<float> a, ReadOnlySpan<int> aShape, ArrayView<float> b, ReadOnlySpan<int> bShape,
        ArrayView<float> dy, ReadOnlySpan<int> yShape, ArrayView<float> da, bool accumulateA, ArrayView<float> db, bool accumulateB) where TSizes : struct, IEquatable<TSizes>
    {
        var g = Geometry(aShape, bShape, yShape);
        if (da.Length > 0) GpuLaunch.Run(ws.Gpu, BroadcastKernels.Backward, (int)da.Length, a, b, dy, da, g, (int)op, 0, accumulateA ? 1 : 0);
        if (db.Length > 0) GpuLaunch.Run(ws.Gpu, BroadcastKernels.Backward, (int)db.Length, a, b, dy, db, g, (int)op, 1, accumulateB ? 1 : 0);
    }

    private static BroadcastGeometry Geometry(ReadOnlySpan<int> aShape, ReadOnlySpan<int> bShape, ReadOnlySpan<int> yShape)
    {
        if (yShape.Length > 4)
            throw new NotSupportedException($"Compiled GPU broadcasting supports up to 4 dimensions, but the output has {yShape.Length}.");
        Span<int> d = stackalloc int[] { 1, 1, 1, 1 };
        for (int i = 0; i < yShape.Length; i++) d[4 - yShape.Length + i] = yShape[i];
        Span<int> sa = stackalloc int[4];
        Span<int> sb = stackalloc int[4];
        Strides(aShape, d, sa, "a");
        Strides(bShape, d, sb, "b");
        return new BroadcastGeometry
        {
            D0 = d[0], D1 = d[1], D2 = d[2], D3 = d[3],
            A0 = sa[0], A1 = sa[1], A2 = sa[2], A3 = sa[3],
            B0 = sb[0], B1 = sb[1], B2 = sb[2], B3 = sb[3],
        };
    }

    /// <summary>Row-major strides of an operand per padded output dim, 0 where it is stretched (extent 1) or absent.</summary>
    private static void Strides(ReadOnlySpan<int> shape, ReadOnlySpan<int> dims, Span<int> strides, string name)
    {
        int stride = 1;
        for (int i = 3; i >= 0; i--)
        {
            int s = i - (4 - shape.Length);
            int extent = s >= 0 ? shape[s] : 1;
            if (extent != 1 && extent != dims[i])
                throw new ArgumentException($"Compiled GPU broadcasting: operand {name} has extent {extent} where the output has {dims[i]}.");
            strides[i] = extent == 1 ? 0 : stride;
            stride *= extent;
        }
    }

    private static void Gemm<TSizes>(GpuWorkspace<TSizes> ws, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, GemmArgs args)
        where TSizes : struct, IEquatable<TSizes> => GpuTensorOps.LaunchGemm(ws.Gpu, a, b, c, bias, args);
}
