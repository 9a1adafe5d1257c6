using System.ComponentModel;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Compiled code's broadcast arithmetic on the GPU (the CPU's is GraphGen.Kernels.Cpu.BroadcastKernels): y = a op b over
/// shapes padded to rank 4 (<see cref="BroadcastGeometry"/>), and each operand's gradient summed back over the dims it was
/// stretched along. <c>accumulate</c> is 1 to add onto a gradient another reader already wrote.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BroadcastKernels
{
    /// <summary>y = a op b with broadcasting (0 add, 1 sub, 2 mul, 3 div): strides of 0 stretch an operand.</summary>
    [GpuKernel]
    public static void Forward(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y, BroadcastGeometry g, int op)
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
    public static void Backward(Index1D j, ArrayView<float> a, ArrayView<float> b, ArrayView<float> dy, ArrayView<float> dx,
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
}
