using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The float64 form of <see cref="GemmKernel"/> for MatMul (no bias or activation epilogue: float64 Linear layers
/// go through MatMul and an add). Same tiling, grid and group: (⌈N/Tile⌉, ⌈M/Tile⌉, batches) × (Threads, Threads, 1).
/// </summary>
public static class GemmKernel64
{
    private const int Tile = GemmKernel.Tile;
    private const int Threads = GemmKernel.Threads;
    private const int Micro = Tile / Threads;

    public static void Gemm(ArrayView<double> a, ArrayView<double> b, ArrayView<double> c, GemmArgs p)
    {
        var tileA = SharedMemory.Allocate<double>(Tile * Tile);
        var tileB = SharedMemory.Allocate<double>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int lane = ty * Threads + tx;
        int row0 = Grid.IdxY * Tile, col0 = Grid.IdxX * Tile;
        int batch = Grid.IdxZ;
        int baseA = p.OffsetA + batch * p.BatchStrideA;
        int baseB = p.OffsetB + batch * p.BatchStrideB;

        double c00 = 0, c01 = 0, c10 = 0, c11 = 0;
        for (int t = 0; t < p.K; t += Tile)
        {
            for (int e = lane; e < Tile * Tile; e += Threads * Threads)
            {
                int r = e / Tile, q = e % Tile;
                int row = row0 + r, ka = t + q;
                tileA[e] = row < p.M && ka < p.K ? a[baseA + (p.TransA != 0 ? ka * p.Lda + row : row * p.Lda + ka)] : 0.0;
                int kb = t + r, col = col0 + q;
                tileB[e] = kb < p.K && col < p.N ? b[baseB + (p.TransB != 0 ? col * p.Ldb + kb : kb * p.Ldb + col)] : 0.0;
            }
            Group.Barrier();
            for (int k = 0; k < Tile; k++)
            {
                double a0 = tileA[ty * Micro * Tile + k], a1 = tileA[(ty * Micro + 1) * Tile + k];
                double b0 = tileB[k * Tile + tx * Micro], b1 = tileB[k * Tile + tx * Micro + 1];
                c00 += a0 * b0;
                c01 += a0 * b1;
                c10 += a1 * b0;
                c11 += a1 * b1;
            }
            Group.Barrier();
        }

        int i0 = row0 + ty * Micro, j0 = col0 + tx * Micro;
        Store(c, p, batch, i0, j0, c00);
        Store(c, p, batch, i0, j0 + 1, c01);
        Store(c, p, batch, i0 + 1, j0, c10);
        Store(c, p, batch, i0 + 1, j0 + 1, c11);
    }

    private static void Store(ArrayView<double> c, GemmArgs p, int batch, int row, int col, double acc)
    {
        if (row >= p.M || col >= p.N) return;
        c[p.OffsetC + batch * p.BatchStrideC + row * p.Ldc + col] = acc;
    }
}
