namespace GraphGen;

public sealed partial class Tensor
{
    /// <summary>
    /// Joins <paramref name="tensors"/> along <paramref name="dim"/> (PyTorch's <c>torch.cat</c>): all must have the same
    /// shape except in that dim, and be on one device; dtypes are promoted as arithmetic does. 1-D empty tensors
    /// (shape [0]) are skipped, as PyTorch allows. Recorded as <c>CatBackward0</c>: each input gets its slice of the gradient.
    /// </summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
            throw new ArgumentException("Cat: expected a non-empty list of tensors.", nameof(tensors));
        for (int i = 0; i < tensors.Count; i++)
            if (tensors[i] is null) throw new ArgumentNullException(nameof(tensors), $"Cat: tensor {i} of the list is null.");
        var parts = tensors.Where(t => !(t.Rank == 1 && t.NumEl == 0)).ToArray();
        if (parts.Length == 0) return tensors[0].Clone();
        var first = parts[0];
        if (first.Rank == 0)
            throw new ArgumentException("Cat: zero-dimensional tensor (at position 0) cannot be concatenated; Unsqueeze it first.", nameof(tensors));
        int d = Shape.NormalizeDim(dim, first.Rank, "Cat");
        var dtype = first.DType;
        int total = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            var t = parts[i];
            first.EnsureSameDevice(t, "Cat");
            if (t.Rank != first.Rank)
                throw new ArgumentException($"Cat: tensors must have the same number of dimensions: got {first.Rank} (shape {first.Shape}) and {t.Rank} (shape {t.Shape}).", nameof(tensors));
            for (int k = 0; k < first.Rank; k++)
                if (k != d && t.ShapeArray[k] != first.ShapeArray[k])
                    throw new ArgumentException($"Cat: sizes of tensors must match except in dimension {d}: expected size {first.ShapeArray[k]} but got size {t.ShapeArray[k]} in dimension {k} (shapes {first.Shape} and {t.Shape}).", nameof(tensors));
            dtype = DTypes.Promote(dtype, t.DType);
            total += t.ShapeArray[d];
        }
        var shape = (int[])first.ShapeArray.Clone();
        shape[d] = total;
        var result = Zeros(shape, dtype, first.Device);
        using (Autograd.NoGrad())
        {
            int offset = 0;
            foreach (var t in parts)
            {
                int length = t.ShapeArray[d];
                if (length > 0) result.Narrow(d, offset, length).Copy_(t);
                offset += length;
            }
        }
        var sizes = parts.Select(t => t.ShapeArray[d]).ToArray();
        return Autograd.Record("CatBackward0", result, grad =>
        {
            var grads = new Tensor?[tensors.Count];
            int offset = 0, p = 0;
            for (int i = 0; i < tensors.Count; i++)
            {
                if (tensors[i].Rank == 1 && tensors[i].NumEl == 0) continue;
                grads[i] = grad.Narrow(d, offset, sizes[p]);
                offset += sizes[p++];
            }
            return grads;
        }, [.. tensors]);
    }
}
