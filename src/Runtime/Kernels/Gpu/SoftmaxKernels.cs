using System.Numerics;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Softmax and log-softmax over the middle dim of a contiguous tensor viewed as [outer, n, inner], and their
/// backward passes from the saved output: the one GPU implementation, launched by the eager op
/// (<see cref="GpuTensorOps.Softmax"/>) and by generated code (<see cref="Compiled.Gpu.CompiledGpuOps.Softmax{TSizes}"/>).
/// Thread b owns the block (b / inner, b % inner); stable by subtracting the block's maximum first (logits of ±1000
/// stay finite). Generic over float32/float64 (the TMath argument supplies exp and log).
/// </summary>
public static class SoftmaxKernels
{
    /// <summary>y = softmax(x) along the block, or log-softmax when <paramref name="log"/> is 1.</summary>
    public static void Softmax<T, TMath>(Index1D b, ArrayView<T> x, ArrayView<T> y, int n, int inner, int log)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int start = b / inner * n * inner + b % inner;
        T max = x[start];
        for (int k = 1; k < n; k++) max = x[start + k * inner] > max ? x[start + k * inner] : max;
        if (T.IsInfinity(max)) max = T.Zero; // ±inf rows give NaN, as in PyTorch
        T sum = T.Zero;
        for (int k = 0; k < n; k++) sum += default(TMath).Exp(x[start + k * inner] - max);
        if (log != 0)
        {
            T logSum = default(TMath).Log(sum);
            for (int k = 0; k < n; k++) y[start + k * inner] = x[start + k * inner] - max - logSum;
        }
        else
        {
            T inv = T.One / sum;
            for (int k = 0; k < n; k++) y[start + k * inner] = default(TMath).Exp(x[start + k * inner] - max) * inv;
        }
    }

    /// <summary>Softmax's backward dx (+)= y·(dy − Σ dy·y), or log-softmax's dx (+)= dy − e^y·Σ dy, per block.</summary>
    public static void SoftmaxBackward<T, TMath>(Index1D b, ArrayView<T> y, ArrayView<T> dy, ArrayView<T> dx, int n, int inner, int log, int accumulate)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        int start = b / inner * n * inner + b % inner;
        T dot = T.Zero;
        for (int k = 0; k < n; k++) dot += log != 0 ? dy[start + k * inner] : dy[start + k * inner] * y[start + k * inner];
        for (int k = 0; k < n; k++)
        {
            int e = start + k * inner;
            T v = log != 0 ? dy[e] - default(TMath).Exp(y[e]) * dot : y[e] * (dy[e] - dot);
            dx[e] = accumulate != 0 ? dx[e] + v : v;
        }
    }
}
