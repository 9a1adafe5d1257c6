using System.Numerics.Tensors;
using GraphGen.Kernels.Gpu;

namespace GraphGen;

public sealed partial class Tensor
{
    /// <summary>Sum of all elements (integers and bools sum to int64, as in PyTorch).</summary>
    public Tensor Sum()
    {
        var shape = ShapeArray;
        if (Storage is GpuStorage) return Autograd.Record("SumBackward0", GpuTensorOps.SumAll(this), g => [g.Expand(shape)], this);
        var c = Contiguous();
        Tensor result = c.DType switch
        {
            DType.Float32 => Scalar(TensorPrimitives.Sum<float>(c.Span<float>())),
            DType.Float64 => Scalar(TensorPrimitives.Sum<double>(c.Span<double>()), DType.Float64),
            DType.Int64 => Scalar(TensorPrimitives.Sum<long>(c.Span<long>())),
            DType.Int32 => Scalar(SumInt(c.Span<int>())),
            _ => Scalar((long)c.Span<bool>().Count(true)),
        };
        return Autograd.Record("SumBackward0", result, g => [g.Expand(shape)], this);
    }

    private static long SumInt(ReadOnlySpan<int> x)
    {
        long s = 0;
        foreach (int v in x) s += v;
        return s;
    }

    /// <summary>Sum over one dimension.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Sum([dim], keepDim);

    /// <summary>Sum over several dimensions.</summary>
    public Tensor Sum(int[] dims, bool keepDim = false)
    {
        var norm = NormalizeDims(dims, "Sum");
        Tensor r = DType.IsFloating() ? this : To(DType.Int64);
        using (Autograd.NoGrad())
            foreach (int d in norm) r = SumDim(r, d);
        if (!keepDim) r = r.Reshape(ShapeArray.Where((_, i) => !norm.Contains(i)).ToArray());
        var shape = ShapeArray;
        return Autograd.Record("SumBackward1", r, g => [UnsqueezeDims(g, norm, keepDim).Expand(shape)], this);
    }

    /// <summary>Mean of all elements (floating tensors only, as in PyTorch).</summary>
    public Tensor Mean()
    {
        RequireFloating("Mean");
        return Sum() / (double)Math.Max(NumEl, 0);
    }

    public Tensor Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    public Tensor Mean(int[] dims, bool keepDim = false)
    {
        RequireFloating("Mean");
        int count = 1;
        foreach (int d in NormalizeDims(dims, "Mean")) count *= ShapeArray[d];
        return Sum(dims, keepDim) / (double)count;
    }

    /// <summary>Largest element.</summary>
    public Tensor Max() => ExtremeAll(max: true);

    /// <summary>Smallest element.</summary>
    public Tensor Min() => ExtremeAll(max: false);

    /// <summary>Largest values along <paramref name="dim"/> and their indices (int64).</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false) => ExtremeDim(dim, keepDim, max: true);

    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false) => ExtremeDim(dim, keepDim, max: false);

    /// <summary>Index of the largest element in the flattened tensor.</summary>
    public Tensor ArgMax()
    {
        using var _ = Autograd.NoGrad();
        return Reshape(-1).Max(0).Indices;
    }

    public Tensor ArgMax(int dim, bool keepDim = false)
    {
        using var _ = Autograd.NoGrad();
        return Max(dim, keepDim).Indices;
    }

    public Tensor ArgMin(int dim, bool keepDim = false)
    {
        using var _ = Autograd.NoGrad();
        return Min(dim, keepDim).Indices;
    }

    private Tensor ExtremeAll(bool max)
    {
        string op = max ? "Max" : "Min";
        if (NumEl == 0)
            throw new InvalidOperationException($"{op}(): Expected reduction dim to be specified for input.numel() == 0 (shape {Shape}). Specify the reduction dim with the 'dim' argument.");
        Tensor values;
        using (Autograd.NoGrad()) values = Reshape(-1).ExtremeDim(0, false, max).Values;
        var x = this;
        return Autograd.Record(max ? "MaxBackward1" : "MinBackward1", values, g =>
        {
            // Ties share the gradient evenly, as PyTorch's evenly_distribute_backward does.
            var mask = x.Eq(values).To(g.DType);
            return [mask * (g / mask.Sum())];
        }, this).Saving(x, values);
    }

    private (Tensor Values, Tensor Indices) ExtremeDim(int dim, bool keepDim, bool max)
    {
        string op = max ? "Max" : "Min";
        int d = Shape.NormalizeDim(dim, Rank, op);
        if (Rank > 0 && ShapeArray[d] == 0)
            throw new InvalidOperationException($"{op}: cannot reduce over dimension {d} of size 0 (shape {Shape}).");
        Tensor values, indices;
        using (Autograd.NoGrad())
        {
            var src = (DType == DType.Bool ? To(DType.Int64) : this).Contiguous();
            (values, indices) = ArgExtreme(src, d, max);
            if (DType == DType.Bool) values = values.To(DType.Bool);
            if (!keepDim && Rank > 0)
            {
                var shape = ShapeArray.Where((_, i) => i != d).ToArray();
                values = values.Reshape(shape);
                indices = indices.Reshape(shape);
            }
        }
        var inputShape = ShapeArray;
        var idx = indices;
        values = Autograd.Record(max ? "MaxBackward0" : "MinBackward0", values, g => [ScatterAlongDim(UnsqueezeDims(g, [d], keepDim), UnsqueezeDims(idx, [d], keepDim), d, inputShape)], this);
        return (values, indices);
    }

    /// <summary>Wrapped dims, largest first; a dim named twice is an error, as in PyTorch.</summary>
    private int[] NormalizeDims(int[] dims, string op)
    {
        var norm = dims.Select(d => Shape.NormalizeDim(d, Rank, op)).ToArray();
        for (int i = 0; i < norm.Length; i++)
            for (int j = 0; j < i; j++)
                if (norm[i] == norm[j])
                    throw new ArgumentException($"{op}: dim {norm[i]} appears multiple times in the list of dims [{string.Join(", ", dims)}] (shape {Shape}).", nameof(dims));
        // A 0-dim tensor accepts dim 0 or -1 (PyTorch wraps scalars) and has nothing to reduce over.
        return Rank == 0 ? [] : norm.OrderByDescending(d => d).ToArray();
    }

    private void RequireFloating(string op)
    {
        if (!DType.IsFloating())
            throw new InvalidOperationException($"{op}(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {DType.TorchName()}. Convert with .To(DType.Float32).");
    }

    private static Tensor UnsqueezeDims(Tensor g, int[] dims, bool keepDim)
    {
        if (keepDim) return g;
        foreach (int d in dims.OrderBy(d => d)) g = g.Unsqueeze(d);
        return g;
    }

    /// <summary>Sums a broadcast gradient back down to <paramref name="shape"/> (leading dims and size-1 dims). Written once, used by autograd.</summary>
    internal Tensor SumToShape(int[] shape)
    {
        if (ShapeArray.AsSpan().SequenceEqual(shape)) return this;
        int lead = Rank - shape.Length;
        var dims = new List<int>();
        for (int i = 0; i < Rank; i++)
            if (i < lead || (shape[i - lead] == 1 && ShapeArray[i] != 1)) dims.Add(i);
        var r = dims.Count == 0 ? this : Sum([.. dims], keepDim: true);
        return r.Reshape(shape);
    }

    // ---------------------------------------------------------------- kernels

    /// <summary>Sums dimension <paramref name="dim"/> keeping it as size 1: the input is viewed as [outer, n, inner].</summary>
    private static Tensor SumDim(Tensor x, int dim)
    {
        if (x.Storage is GpuStorage) return GpuTensorOps.SumDim(x, dim);
        var c = x.Contiguous();
        int n = c.ShapeArray[dim];
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= c.ShapeArray[i];
        for (int i = dim + 1; i < c.Rank; i++) inner *= c.ShapeArray[i];
        var shape = (int[])c.ShapeArray.Clone();
        shape[dim] = 1;
        var r = new Tensor(CpuStorage.Allocate(c.DType, outer * inner), shape);
        switch (c.DType)
        {
            case DType.Float32: SumRows<float>(c.Span<float>(), r.Span<float>(), outer, n, inner); break;
            case DType.Float64: SumRows<double>(c.Span<double>(), r.Span<double>(), outer, n, inner); break;
            case DType.Int64: SumRows<long>(c.Span<long>(), r.Span<long>(), outer, n, inner); break;
            default: throw new NotSupportedException($"Sum over a dimension of dtype {c.DType.TorchName()}.");
        }
        return r;
    }

    private static void SumRows<T>(ReadOnlySpan<T> x, Span<T> r, int outer, int n, int inner)
        where T : System.Numerics.INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var dst = r.Slice(o * inner, inner);
            var block = x.Slice(o * n * inner, n * inner);
            if (inner == 1)
            {
                dst[0] = TensorPrimitives.Sum(block);
                continue;
            }
            for (int k = 0; k < n; k++) TensorPrimitives.Add(dst, block.Slice(k * inner, inner), dst);
        }
    }

    private static (Tensor Values, Tensor Indices) ArgExtreme(Tensor c, int dim, bool max)
    {
        if (c.Storage is GpuStorage) return GpuTensorOps.ArgExtreme(c, dim, max);
        int rank = c.Rank;
        int n = rank == 0 ? 1 : c.ShapeArray[dim];
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= c.ShapeArray[i];
        for (int i = dim + 1; i < rank; i++) inner *= c.ShapeArray[i];
        var shape = (int[])c.ShapeArray.Clone();
        if (rank > 0) shape[dim] = 1;
        var values = new Tensor(CpuStorage.Allocate(c.DType, outer * inner), shape);
        var indices = new Tensor(CpuStorage.Allocate(DType.Int64, outer * inner), (int[])shape.Clone());
        var idx = indices.Span<long>();
        switch (c.DType)
        {
            case DType.Float32: Extreme<float>(c.Span<float>(), values.Span<float>(), idx, outer, n, inner, max); break;
            case DType.Float64: Extreme<double>(c.Span<double>(), values.Span<double>(), idx, outer, n, inner, max); break;
            case DType.Int64: Extreme<long>(c.Span<long>(), values.Span<long>(), idx, outer, n, inner, max); break;
            default: Extreme<int>(c.Span<int>(), values.Span<int>(), idx, outer, n, inner, max); break;
        }
        return (values, indices);
    }

    private static void Extreme<T>(ReadOnlySpan<T> x, Span<T> values, Span<long> indices, int outer, int n, int inner, bool max)
        where T : System.Numerics.INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < inner; j++)
            {
                int baseIndex = o * n * inner + j;
                T best = x[baseIndex];
                int bestK = 0;
                for (int k = 1; k < n; k++)
                {
                    T v = x[baseIndex + k * inner];
                    // NaN propagates, as in PyTorch: the first NaN wins.
                    if (T.IsNaN(best)) break;
                    if (T.IsNaN(v) || (max ? v > best : v < best))
                    {
                        best = v;
                        bestK = k;
                    }
                }
                values[o * inner + j] = best;
                indices[o * inner + j] = bestK;
            }
        }
    }

    /// <summary>A zero tensor of <paramref name="shape"/> with <paramref name="g"/> written at <paramref name="indices"/> along <paramref name="dim"/>.</summary>
    private static Tensor ScatterAlongDim(Tensor g, Tensor indices, int dim, int[] shape)
    {
        if (g.Storage is GpuStorage) return GpuTensorOps.ScatterAlongDim(g, indices, dim, shape);
        var result = Zeros(shape, g.DType);
        var gc = g.Contiguous();
        var ic = indices.Contiguous().Span<long>();
        int n = shape.Length == 0 ? 1 : shape[dim];
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.Length; i++) inner *= shape[i];
        var src = gc.ToArray<double>();
        var dst = ((CpuStorage)result.Storage).Data;
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int at = o * n * inner + (int)ic[o * inner + j] * inner + j;
                double v = src[o * inner + j];
                if (dst is float[] f) f[at] = (float)v;
                else ((double[])dst)[at] = v;
            }
        return result;
    }
}
