using System.Numerics;
using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Tiled shared-memory GEMM, explicitly grouped and generic over the element type (float32 for Linear, MatMul and
/// compiled code, float64 for MatMul; the math type argument supplies the epilogue's sigmoid and tanh): a group of <see cref="Threads"/>×<see cref="Threads"/>
/// threads computes a <see cref="Tile"/>×<see cref="Tile"/> block of C, each thread a 2×2 register block.
/// Per step along K the group stages a Tile×Tile block of op(A) and of op(B) in shared memory. The epilogue
/// adds a bias per column and applies an activation, so <c>Linear</c> (and a fused Linear+ReLU) is one
/// launch. Grid: (⌈N/Tile⌉, ⌈M/Tile⌉, batches); group: (Threads, Threads, 1).
/// </summary>
public static class GemmKernel
{
    public const int Tile = 16;
    public const int Threads = 8;
    private const int Micro = Tile / Threads; // 2: outputs per thread along each axis

    public static void Gemm<T, TMath>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, ArrayView<T> bias, GemmArgs p)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        var tileA = SharedMemory.Allocate<T>(Tile * Tile);
        var tileB = SharedMemory.Allocate<T>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int lane = ty * Threads + tx;
        int row0 = Grid.IdxY * Tile, col0 = Grid.IdxX * Tile;
        int batch = Grid.IdxZ;
        int baseA = p.OffsetA + batch * p.BatchStrideA;
        int baseB = p.OffsetB + batch * p.BatchStrideB;

        T c00 = T.Zero, c01 = T.Zero, c10 = T.Zero, c11 = T.Zero;
        for (int t = 0; t < p.K; t += Tile)
        {
            // Each of the 64 threads stages 4 of the 256 elements of each tile.
            for (int e = lane; e < Tile * Tile; e += Threads * Threads)
            {
                int r = e / Tile, q = e % Tile;
                int row = row0 + r, ka = t + q;
                tileA[e] = row < p.M && ka < p.K ? a[baseA + (p.TransA != 0 ? ka * p.Lda + row : row * p.Lda + ka)] : T.Zero;
                int kb = t + r, col = col0 + q;
                tileB[e] = kb < p.K && col < p.N ? b[baseB + (p.TransB != 0 ? col * p.Ldb + kb : kb * p.Ldb + col)] : T.Zero;
            }
            Group.Barrier();
            for (int k = 0; k < Tile; k++)
            {
                T a0 = tileA[ty * Micro * Tile + k], a1 = tileA[(ty * Micro + 1) * Tile + k];
                T b0 = tileB[k * Tile + tx * Micro], b1 = tileB[k * Tile + tx * Micro + 1];
                c00 += a0 * b0;
                c01 += a0 * b1;
                c10 += a1 * b0;
                c11 += a1 * b1;
            }
            Group.Barrier();
        }

        int i0 = row0 + ty * Micro, j0 = col0 + tx * Micro;
        Store<T, TMath>(c, p, bias, batch, i0, j0, c00);
        Store<T, TMath>(c, p, bias, batch, i0, j0 + 1, c01);
        Store<T, TMath>(c, p, bias, batch, i0 + 1, j0, c10);
        Store<T, TMath>(c, p, bias, batch, i0 + 1, j0 + 1, c11);
    }

    /// <summary>The epilogue for one output: bias, activation, store (nothing outside C).</summary>
    private static void Store<T, TMath>(ArrayView<T> c, GemmArgs p, ArrayView<T> bias, int batch, int row, int col, T acc)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        if (row >= p.M || col >= p.N) return;
        if (p.HasBias != 0) acc += bias[col];
        c[p.OffsetC + batch * p.BatchStrideC + row * p.Ldc + col] = Activate<T, TMath>(acc, p.Activation);
    }

    private static T Activate<T, TMath>(T v, Cpu.Activation activation)
        where T : unmanaged, IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T> => activation switch
    {
        Cpu.Activation.Relu => v > T.Zero ? v : (T.IsNaN(v) ? v : T.Zero),
        Cpu.Activation.Sigmoid => default(TMath).Sigmoid(v),
        Cpu.Activation.Tanh => default(TMath).Tanh(v),
        _ => v,
    };
}
