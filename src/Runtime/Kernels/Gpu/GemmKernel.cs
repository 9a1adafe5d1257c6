using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Tiled shared-memory SGEMM (explicitly grouped, <see cref="Tile"/>×<see cref="Tile"/> threads per group):
/// each group stages a Tile×Tile block of op(A) and of op(B) in shared memory per step along K, and each
/// thread accumulates one element of C. The epilogue adds a bias per column and applies an activation,
/// so <c>Linear</c> (and a fused Linear+ReLU) is one launch. Grid: (⌈N/Tile⌉, ⌈M/Tile⌉, batches).
/// </summary>
public static class GemmKernel
{
    public const int Tile = 16;

    public static void Gemm(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, GemmArgs p)
    {
        var tileA = SharedMemory.Allocate<float>(Tile * Tile);
        var tileB = SharedMemory.Allocate<float>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int col = Grid.IdxX * Tile + tx;
        int row = Grid.IdxY * Tile + ty;
        int batch = Grid.IdxZ;
        int baseA = p.OffsetA + batch * p.BatchStrideA;
        int baseB = p.OffsetB + batch * p.BatchStrideB;

        float acc = 0;
        for (int t = 0; t < p.K; t += Tile)
        {
            int ka = t + tx; // column of op(A) this thread stages
            tileA[ty * Tile + tx] = row < p.M && ka < p.K
                ? a[baseA + (p.TransA != 0 ? ka * p.Lda + row : row * p.Lda + ka)]
                : 0f;
            int kb = t + ty; // row of op(B) this thread stages
            tileB[ty * Tile + tx] = kb < p.K && col < p.N
                ? b[baseB + (p.TransB != 0 ? col * p.Ldb + kb : kb * p.Ldb + col)]
                : 0f;
            Group.Barrier();
            for (int k = 0; k < Tile; k++) acc += tileA[ty * Tile + k] * tileB[k * Tile + tx];
            Group.Barrier();
        }

        if (row >= p.M || col >= p.N) return;
        if (p.HasBias != 0) acc += bias[col];
        c[p.OffsetC + batch * p.BatchStrideC + row * p.Ldc + col] = Activate(acc, p.Activation);
    }

    private static float Activate(float v, int activation) => activation switch
    {
        1 => v > 0 ? v : (float.IsNaN(v) ? v : 0f),
        2 => GpuMath.Sigmoid(v),
        3 => GpuMath.Tanh(v),
        _ => v,
    };
}
