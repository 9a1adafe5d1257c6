using GraphGen.Kernels.Cpu;

namespace GraphGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product with PyTorch's rules: 1-D·1-D is a dot product, 1-D operands are promoted to
    /// matrices and the added dimension removed, and leading (batch) dimensions broadcast.
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        EnsureSameDevice(other, "MatMul");
        if (Rank == 0 || other.Rank == 0)
            throw new ArgumentException($"MatMul: both arguments need at least 1 dimension, but got shapes {Shape} and {other.Shape}.");
        if (DType != other.DType)
            throw new InvalidOperationException($"MatMul: expected both operands to have the same dtype, but got {DType.TorchName()} and {other.DType.TorchName()}.");
        if (DType == DType.Bool)
            throw new NotSupportedException("MatMul: bool tensors are not supported.");
        if (Rank == 1 && other.Rank == 1)
        {
            if (NumEl != other.NumEl)
                throw new ArgumentException($"MatMul: inconsistent tensor size: a dot product needs equal lengths, but got shapes {Shape} and {other.Shape}.");
            Tensor dot;
            using (Autograd.NoGrad()) dot = MatMulCore(Unsqueeze(0), other.Unsqueeze(1)).Reshape([]);
            var (a, b) = (this, other);
            return Autograd.Record("DotBackward0", dot, (g, needs) => [needs[0] ? g * b : null, needs[1] ? g * a : null], this, other)
                .Saving(RequiresGrad ? other : null, other.RequiresGrad ? this : null);
        }
        if (Rank == 1) return Unsqueeze(0).MatMul(other).Squeeze(-2);
        if (other.Rank == 1) return MatMul(other.Unsqueeze(1)).Squeeze(-1);

        int k = ShapeArray[^1];
        if (other.ShapeArray[^2] != k)
            throw new ArgumentException($"MatMul: shapes {Shape} and {other.Shape} cannot be multiplied ({ShapeArray[^2]}x{k} and {other.ShapeArray[^2]}x{other.ShapeArray[^1]}): the inner dimensions {k} and {other.ShapeArray[^2]} must match.");
        if (!BatchDimsBroadcast(ShapeArray.AsSpan(0, Rank - 2), other.ShapeArray.AsSpan(0, other.Rank - 2)))
            throw new ArgumentException($"MatMul: the batch dimensions of shapes {Shape} and {other.Shape} cannot be broadcast together ({Shape.Format(ShapeArray.AsSpan(0, Rank - 2))} vs {Shape.Format(other.ShapeArray.AsSpan(0, other.Rank - 2))}).");
        var result = MatMulCore(this, other);
        var (x, y) = (this, other);
        return Autograd.Record(Rank == 2 && other.Rank == 2 ? "MmBackward0" : "BmmBackward0", result,
            (g, needs) => [needs[0] ? g.MatMul(y.Transpose(-1, -2)) : null, needs[1] ? x.Transpose(-1, -2).MatMul(g) : null], this, other)
            .Saving(RequiresGrad ? other : null, other.RequiresGrad ? this : null);
    }

    /// <summary>Batched matrix product of tensors of rank ≥ 2 with broadcast batch dimensions, without autograd.</summary>
    private static Tensor MatMulCore(Tensor a, Tensor b)
    {
        if (a.Storage is GpuStorage) return Kernels.Gpu.GpuTensorOps.MatMul(a, b);
        int m = a.ShapeArray[^2], k = a.ShapeArray[^1], n = b.ShapeArray[^1];
        var batch = Shape.Broadcast(a.ShapeArray.AsSpan(0, a.Rank - 2), b.ShapeArray.AsSpan(0, b.Rank - 2), "MatMul");
        int batches = Shape.CheckedNumEl(batch, "MatMul");
        var outShape = batch.Concat([m, n]).ToArray();
        // Zeroed so that empty products (k = 0, or no batches) read as 0 without a special case.
        var result = new Tensor(CpuStorage.Allocate(a.DType, Shape.CheckedNumEl(outShape, "MatMul"), outShape, clear: true), outShape);
        Tensor ca, cb;
        bool transA = false, transB = false;
        using (Autograd.NoGrad())
        {
            (ca, transA) = GemmOperand(a.Expand([.. batch, m, k]));
            (cb, transB) = GemmOperand(b.Expand([.. batch, k, n]));
        }
        int lda = transA ? m : k, ldb = transB ? k : n;
        int strideA = m * k, strideB = k * n, strideC = m * n;
        for (int i = 0; i < batches; i++)
        {
            int oa = ca.Offset + (ca.Strides.Length > 2 && batch.Length > 0 && IsBroadcastBatch(ca, batch) ? 0 : i * strideA);
            int ob = cb.Offset + (cb.Strides.Length > 2 && batch.Length > 0 && IsBroadcastBatch(cb, batch) ? 0 : i * strideB);
            switch (a.DType)
            {
                case DType.Float32:
                    Gemm.Sgemm(transA, transB, m, n, k, ca.CpuData<float>().AsSpan(oa), lda, cb.CpuData<float>().AsSpan(ob), ldb, result.CpuData<float>().AsSpan(i * strideC, strideC), n);
                    break;
                case DType.Float64: NaiveGemm<double>(transA, transB, m, n, k, ca.CpuData<double>().AsSpan(oa), lda, cb.CpuData<double>().AsSpan(ob), ldb, result.CpuData<double>().AsSpan(i * strideC, strideC)); break;
                case DType.Int64: NaiveGemm<long>(transA, transB, m, n, k, ca.CpuData<long>().AsSpan(oa), lda, cb.CpuData<long>().AsSpan(ob), ldb, result.CpuData<long>().AsSpan(i * strideC, strideC)); break;
                default: NaiveGemm<int>(transA, transB, m, n, k, ca.CpuData<int>().AsSpan(oa), lda, cb.CpuData<int>().AsSpan(ob), ldb, result.CpuData<int>().AsSpan(i * strideC, strideC)); break;
            }
        }
        return result;
    }

    private static bool BatchDimsBroadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        for (int i = 1; i <= Math.Min(a.Length, b.Length); i++)
            if (a[^i] != b[^i] && a[^i] != 1 && b[^i] != 1) return false;
        return true;
    }

    internal static bool IsBroadcastBatch(Tensor t, int[] batch)
    {
        for (int i = 0; i < batch.Length; i++)
            if (t.Strides[i] != 0 && batch[i] != 1) return false;
        return true;
    }

    /// <summary>
    /// Presents a [.., r, c] operand to GEMM without copying when its matrices are row-major or
    /// transposed row-major (a transposed weight is read in place); otherwise makes it contiguous.
    /// Batch dims must be either all packed or all broadcast (stride 0).
    /// </summary>
    internal static (Tensor Operand, bool Transposed) GemmOperand(Tensor t)
    {
        int r = t.Rank;
        int rows = t.ShapeArray[r - 2], cols = t.ShapeArray[r - 1];
        int sr = t.Strides[r - 2], sc = t.Strides[r - 1];
        bool batchOk = true;
        int expected = rows * cols;
        for (int i = r - 3; i >= 0; i--)
        {
            if (t.ShapeArray[i] == 1) continue;
            if (t.Strides[i] != expected && t.Strides[i] != 0) batchOk = false;
            expected *= t.ShapeArray[i];
        }
        bool allBroadcast = true, allPacked = true;
        for (int i = 0; i < r - 2; i++)
        {
            if (t.ShapeArray[i] == 1) continue;
            allBroadcast &= t.Strides[i] == 0;
            allPacked &= t.Strides[i] != 0;
        }
        batchOk &= allBroadcast || allPacked;
        if (batchOk && (sc == 1 || cols == 1) && (sr == cols || rows == 1)) return (t, false);
        if (batchOk && (sr == 1 || rows == 1) && (sc == rows || cols == 1)) return (t, true);
        return (t.Contiguous(), false);
    }

    private static void NaiveGemm<T>(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c)
        where T : System.Numerics.INumber<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++)
                    s += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                c[i * n + j] = s;
            }
    }
}
