using System.ComponentModel;
using Activation = GraphGen.Kernels.Cpu.Activation;
using GraphGen.Kernels.Gpu;
using ILGPU;

namespace GraphGen.Compiled.Gpu;

/// <summary>
/// The runtime's kernels for compiled GPU code, besides the tiled GEMM (<see cref="GemmKernel"/>) and the grouped
/// sums (<see cref="CompiledGpuReductionKernels"/>): activation gradients, sums over any dim
/// as [outer, n, inner] blocks, dropout's mask, copies and accumulation. One thread per output element or
/// per (outer, inner) block; <c>accumulate</c> is 1 to add onto a gradient another reader already wrote.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CompiledGpuKernels
{
    /// <summary>dy becomes the gradient before the GEMM's fused activation, in place, from its output y.</summary>
    [GpuKernel]
    public static void ActivationGradient(Index1D i, ArrayView<float> y, ArrayView<float> dy, Activation activation)
    {
        float v = y[i];
        if (activation == Activation.Relu) dy[i] = v > 0f ? dy[i] : 0f;
        else if (activation == Activation.Sigmoid) dy[i] = dy[i] * v * (1f - v);
        else if (activation == Activation.Tanh) dy[i] = dy[i] * (1f - v * v);
    }

    /// <summary>dst (+)= src, element by element.</summary>
    [GpuKernel]
    public static void Accumulate(Index1D i, ArrayView<float> src, ArrayView<float> dst, int accumulate)
    {
        dst[i] = accumulate != 0 ? dst[i] + src[i] : src[i];
    }

    /// <summary>y = x·mask (dropout forward), or dx (+)= dy·mask (its backward).</summary>
    [GpuKernel]
    public static void MultiplyMask(Index1D i, ArrayView<float> x, ArrayView<float> mask, ArrayView<float> y, int accumulate)
    {
        float v = x[i] * mask[i];
        y[i] = accumulate != 0 ? y[i] + v : v;
    }

    /// <summary>y[o, j] = scale · Σ_k x[o, k, j] (sum, or mean with scale 1/n), one thread per output: for many short sums (<see cref="CompiledGpuReductionKernels.UsesGroups"/>).</summary>
    [GpuKernel]
    public static void Sum(Index1D b, ArrayView<float> x, ArrayView<float> y, int n, int inner, float scale)
    {
        int start = b / inner * n * inner + b % inner;
        float sum = 0;
        for (int k = 0; k < n; k++) sum += x[start + k * inner];
        y[b] = sum * scale;
    }

    /// <summary>The sum's backward: dx[o, k, j] (+)= scale · dy[o, j], one thread per input element.</summary>
    [GpuKernel]
    public static void SumBackward(Index1D i, ArrayView<float> dy, ArrayView<float> dx, int n, int inner, float scale, int accumulate)
    {
        float v = dy[i / (n * inner) * inner + i % inner] * scale;
        dx[i] = accumulate != 0 ? dx[i] + v : v;
    }

    /// <summary>y = a op b with broadcasting (0 add, 1 sub, 2 mul, 3 div): strides of 0 stretch an operand.</summary>
    [GpuKernel]
    public static void BroadcastForward(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y, BroadcastGeometry g, int op)
    {
        int c3 = i % g.D3, r = i / g.D3;
        int c2 = r % g.D2;
        r /= g.D2;
        int c1 = r % g.D1, c0 = r / g.D1;
        float va = a[c0 * g.A0 + c1 * g.A1 + c2 * g.A2 + c3 * g.A3];
        float vb = b[c0 * g.B0 + c1 * g.B1 + c2 * g.B2 + c3 * g.B3];
        y[i] = op == 0 ? va + vb : op == 1 ? va - vb : op == 2 ? va * vb : va / vb;
    }

    /// <summary>
    /// One operand's gradient (<paramref name="which"/> 0 for a, 1 for b) with the broadcast reduction: thread j owns
    /// element j of that operand and sums the contributions of every output element it was stretched over.
    /// </summary>
    [GpuKernel]
    public static void BroadcastBackward(Index1D j, ArrayView<float> a, ArrayView<float> b, ArrayView<float> dy, ArrayView<float> dx,
        BroadcastGeometry g, int op, int which, int accumulate)
    {
        // The operand's own (padded) dims: a stride of 0 marks a stretched dim, of extent 1 in the operand.
        int s0 = which == 0 ? g.A0 : g.B0, s1 = which == 0 ? g.A1 : g.B1, s2 = which == 0 ? g.A2 : g.B2, s3 = which == 0 ? g.A3 : g.B3;
        int e3 = s3 == 0 ? 1 : g.D3, e2 = s2 == 0 ? 1 : g.D2, e1 = s1 == 0 ? 1 : g.D1;
        int o3 = j % e3, r = j / e3;
        int o2 = r % e2;
        r /= e2;
        int o1 = r % e1, o0 = r / e1;
        float sum = 0;
        for (int c0 = s0 == 0 ? 0 : o0; c0 < (s0 == 0 ? g.D0 : o0 + 1); c0++)
        for (int c1 = s1 == 0 ? 0 : o1; c1 < (s1 == 0 ? g.D1 : o1 + 1); c1++)
        for (int c2 = s2 == 0 ? 0 : o2; c2 < (s2 == 0 ? g.D2 : o2 + 1); c2++)
        for (int c3 = s3 == 0 ? 0 : o3; c3 < (s3 == 0 ? g.D3 : o3 + 1); c3++)
        {
            float gy = dy[((c0 * g.D1 + c1) * g.D2 + c2) * g.D3 + c3];
            float va = a[c0 * g.A0 + c1 * g.A1 + c2 * g.A2 + c3 * g.A3];
            float vb = b[c0 * g.B0 + c1 * g.B1 + c2 * g.B2 + c3 * g.B3];
            sum += op switch
            {
                0 => gy,
                1 => which == 0 ? gy : -gy,
                2 => which == 0 ? gy * vb : gy * va,
                _ => which == 0 ? gy / vb : -gy * va / (vb * vb),
            };
        }

        dx[j] = accumulate != 0 ? dx[j] + sum : sum;
    }

    /// <summary>Sets every element to <paramref name="value"/> (dropout's all-ones mask outside training).</summary>
    [GpuKernel]
    public static void Fill(Index1D i, ArrayView<float> y, float value) => y[i] = value;
}
