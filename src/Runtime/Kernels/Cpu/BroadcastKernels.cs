using System.ComponentModel;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Elementwise arithmetic whose operands broadcast (PyTorch's rules: shapes aligned from the right, size-1
/// dimensions stretched) and its backward, where each operand's gradient is summed back over the
/// dimensions it was stretched along — the broadcast reduction, written once for compiled code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BroadcastKernels
{
    private const int MaxRank = 16;

    public static void Forward(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<int> aShape, ReadOnlySpan<float> b, ReadOnlySpan<int> bShape,
        Span<float> y, ReadOnlySpan<int> yShape)
    {
        int rank = yShape.Length;
        Span<int> aStrides = stackalloc int[rank], bStrides = stackalloc int[rank], index = stackalloc int[rank];
        Prepare(a.Length, aShape, yShape, aStrides, "a");
        Prepare(b.Length, bShape, yShape, bStrides, "b");
        if (y.Length != Count(yShape)) throw new ArgumentException($"Broadcast: y has {y.Length} elements but its shape needs {Count(yShape)}.");
        int ai = 0, bi = 0;
        for (int i = 0; i < y.Length; i++)
        {
            float u = a[ai], v = b[bi];
            y[i] = op switch
            {
                BinaryOp.Add => u + v,
                BinaryOp.Sub => u - v,
                BinaryOp.Mul => u * v,
                _ => u / v,
            };
            Advance(index, yShape, aStrides, bStrides, ref ai, ref bi);
        }
    }

    /// <summary>da (+)= reduce(dy·∂y/∂a), db (+)= reduce(dy·∂y/∂b); an empty gradient span is skipped.</summary>
    public static void Backward(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<int> aShape, ReadOnlySpan<float> b, ReadOnlySpan<int> bShape,
        ReadOnlySpan<float> dy, ReadOnlySpan<int> yShape, Span<float> da, bool accumulateA, Span<float> db, bool accumulateB)
    {
        int rank = yShape.Length;
        Span<int> aStrides = stackalloc int[rank], bStrides = stackalloc int[rank], index = stackalloc int[rank];
        Prepare(a.Length, aShape, yShape, aStrides, "a");
        Prepare(b.Length, bShape, yShape, bStrides, "b");
        if (!da.IsEmpty && !accumulateA) da.Clear();
        if (!db.IsEmpty && !accumulateB) db.Clear();
        int ai = 0, bi = 0;
        for (int i = 0; i < dy.Length; i++)
        {
            float g = dy[i], u = a[ai], v = b[bi];
            if (!da.IsEmpty)
                da[ai] += op switch { BinaryOp.Mul => g * v, BinaryOp.Div => g / v, _ => g };
            if (!db.IsEmpty)
                db[bi] += op switch { BinaryOp.Add => g, BinaryOp.Sub => -g, BinaryOp.Mul => g * u, _ => -g * u / (v * v) };
            Advance(index, yShape, aStrides, bStrides, ref ai, ref bi);
        }
    }

    /// <summary>An operand's strides in the output's index space: 0 along dimensions it is broadcast over.</summary>
    private static void Prepare(int length, ReadOnlySpan<int> shape, ReadOnlySpan<int> yShape, Span<int> strides, string name)
    {
        if (yShape.Length > MaxRank) throw new ArgumentException($"Broadcast: rank {yShape.Length} is above {MaxRank}.");
        if (length != Count(shape)) throw new ArgumentException($"Broadcast: operand {name} has {length} elements but its shape needs {Count(shape)}.");
        int lead = yShape.Length - shape.Length;
        int stride = 1;
        for (int d = yShape.Length - 1; d >= 0; d--)
        {
            int size = d >= lead ? shape[d - lead] : 1;
            if (size != 1 && size != yShape[d])
                throw new ArgumentException($"Broadcast: operand {name}'s size {size} at dimension {d} does not broadcast to {yShape[d]}.");
            strides[d] = size == 1 ? 0 : stride;
            stride *= size;
        }
    }

    /// <summary>Steps the output index like an odometer, moving both operand offsets along.</summary>
    private static void Advance(Span<int> index, ReadOnlySpan<int> shape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides, ref int ai, ref int bi)
    {
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            ai += aStrides[d];
            bi += bStrides[d];
            if (++index[d] < shape[d]) return;
            ai -= aStrides[d] * shape[d];
            bi -= bStrides[d] * shape[d];
            index[d] = 0;
        }
    }

    private static int Count(ReadOnlySpan<int> shape)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }
}
