namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Runs a binary op over two strided operands broadcast to a contiguous output. Dimensions are
/// coalesced so that rows are as long as possible; each row then takes a vectorised span path
/// (both contiguous, or one side a broadcast scalar).
/// </summary>
internal static class Broadcast
{
    public static void Binary<TOp, T>(T[] a, int aOffset, int[] aStrides, T[] b, int bOffset, int[] bStrides, T[] d, int dOffset, int[] shape)
        where TOp : IBinaryOp<T>
    {
        var (dims, sa, sb) = Coalesce(shape, aStrides, bStrides);
        int rank = dims.Length;
        int n = 1;
        foreach (int s in dims) n *= s;
        if (n == 0) return;
        int inner = rank == 0 ? 1 : dims[rank - 1];
        int ia = rank == 0 ? 0 : sa[rank - 1], ib = rank == 0 ? 0 : sb[rank - 1];
        int rows = n / inner;
        var index = new int[Math.Max(rank - 1, 0)];
        int oa = aOffset, ob = bOffset;
        for (int r = 0; r < rows; r++)
        {
            var dst = d.AsSpan(dOffset + r * inner, inner);
            if (ia == 1 && ib == 1) TOp.Apply(a.AsSpan(oa, inner), b.AsSpan(ob, inner), dst);
            else if (ia == 1 && ib == 0) TOp.Apply(a.AsSpan(oa, inner), b[ob], dst);
            else if (ia == 0 && ib == 1) TOp.Apply(a[oa], b.AsSpan(ob, inner), dst);
            else
                for (int i = 0; i < inner; i++) dst[i] = TOp.Apply(a[oa + i * ia], b[ob + i * ib]);
            // advance the outer multi-index
            for (int k = rank - 2; k >= 0; k--)
            {
                index[k]++;
                oa += sa[k];
                ob += sb[k];
                if (index[k] < dims[k]) break;
                oa -= sa[k] * dims[k];
                ob -= sb[k] * dims[k];
                index[k] = 0;
            }
        }
    }

    /// <summary>Strides of <paramref name="strides"/> (for shape <paramref name="shape"/>) broadcast to <paramref name="outShape"/> (0 on broadcast dims).</summary>
    public static int[] ExpandStrides(int[] shape, int[] strides, int[] outShape)
    {
        var result = new int[outShape.Length];
        int shift = outShape.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++)
            result[i + shift] = shape[i] == 1 && outShape[i + shift] != 1 ? 0 : strides[i];
        return result;
    }

    /// <summary>Merges adjacent dims that are contiguous for every operand; drops size-1 dims.</summary>
    private static (int[] Dims, int[] A, int[] B) Coalesce(int[] shape, int[] a, int[] b)
    {
        var dims = new List<int>(shape.Length);
        var sa = new List<int>(shape.Length);
        var sb = new List<int>(shape.Length);
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1) continue;
            int last = dims.Count - 1;
            if (last >= 0 && sa[last] == a[i] * shape[i] && sb[last] == b[i] * shape[i])
            {
                dims[last] *= shape[i];
                sa[last] = a[i];
                sb[last] = b[i];
            }
            else
            {
                dims.Add(shape[i]);
                sa.Add(a[i]);
                sb.Add(b[i]);
            }
        }
        return (dims.ToArray(), sa.ToArray(), sb.ToArray());
    }
}
