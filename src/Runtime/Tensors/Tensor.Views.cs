namespace GraphGen;

public sealed partial class Tensor
{
    /// <summary>A view with a new shape (one size may be -1); the tensor must be contiguous.</summary>
    public Tensor View(params int[] shape)
    {
        var resolved = InferShape(shape, "View");
        if (!IsContiguous)
            throw new InvalidOperationException($"View: a view of shape {Shape.Format(resolved)} is not compatible with this tensor's size and stride (shape {Shape}, it is not contiguous). Use Reshape(...) instead.");
        var view = ViewOf(resolved, Shape.ContiguousStrides(resolved), Offset);
        var from = ShapeArray;
        return Autograd.Record("ViewBackward0", view, g => [g.Reshape(from)], this);
    }

    /// <summary>Like <see cref="View"/>, but copies when the data is not contiguous.</summary>
    public Tensor Reshape(params int[] shape)
    {
        var resolved = InferShape(shape, "Reshape");
        if (IsContiguous) return View(resolved);
        var c = Detach().Clone();
        var view = new Tensor(c.Storage, resolved, Shape.ContiguousStrides(resolved), 0);
        var from = ShapeArray;
        return Autograd.Record("ReshapeAlias", view, g => [g.Reshape(from)], this);
    }

    /// <summary>Collapses dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0) return Reshape(1);
        int s = Shape.NormalizeDim(startDim, Rank, "Flatten"), e = Shape.NormalizeDim(endDim, Rank, "Flatten");
        if (s > e) throw new ArgumentException($"Flatten: startDim ({startDim}) cannot come after endDim ({endDim}) for a tensor of rank {Rank}.");
        var shape = new List<int>();
        for (int i = 0; i < s; i++) shape.Add(ShapeArray[i]);
        int merged = 1;
        for (int i = s; i <= e; i++) merged *= ShapeArray[i];
        shape.Add(merged);
        for (int i = e + 1; i < Rank; i++) shape.Add(ShapeArray[i]);
        return Reshape([.. shape]);
    }

    /// <summary>Swaps two dimensions (a view).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        int a = Shape.NormalizeDim(dim0, Rank, "Transpose"), b = Shape.NormalizeDim(dim1, Rank, "Transpose");
        if (Rank < 2) return this;
        var shape = (int[])ShapeArray.Clone();
        var strides = (int[])Strides.Clone();
        (shape[a], shape[b]) = (shape[b], shape[a]);
        (strides[a], strides[b]) = (strides[b], strides[a]);
        var view = ViewOf(shape, strides, Offset);
        return Autograd.Record("TransposeBackward0", view, g => [g.Transpose(a, b)], this);
    }

    /// <summary>The transpose of a tensor of rank 2 or less (PyTorch's <c>.T</c> on matrices).</summary>
    public Tensor T
    {
        get
        {
            if (Rank > 2)
                throw new InvalidOperationException($"T: expects a tensor with at most 2 dimensions, but this one has shape {Shape}; use Transpose(dim0, dim1).");
            return Rank < 2 ? this : Transpose(0, 1);
        }
    }

    /// <summary>Removes all size-1 dimensions, or only <paramref name="dim"/> if it has size 1 (a view).</summary>
    public Tensor Squeeze(int? dim = null)
    {
        bool[] drop;
        if (dim is { } d0)
        {
            int d = Shape.NormalizeDim(d0, Rank, "Squeeze");
            if (Rank == 0 || ShapeArray[d] != 1) return this;
            drop = ShapeArray.Select((_, i) => i == d).ToArray();
        }
        else
        {
            drop = ShapeArray.Select(s => s == 1).ToArray();
        }
        var shape = ShapeArray.Where((_, i) => !drop[i]).ToArray();
        var strides = Strides.Where((_, i) => !drop[i]).ToArray();
        var view = ViewOf(shape, strides, Offset);
        var from = ShapeArray;
        return Autograd.Record(dim is null ? "SqueezeBackward0" : "SqueezeBackward1", view, g => [g.Reshape(from)], this);
    }

    /// <summary>Inserts a size-1 dimension at <paramref name="dim"/> (in -rank-1..rank) (a view).</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = Shape.NormalizeDim(dim, Rank + 1, "Unsqueeze");
        var shape = ShapeArray.ToList();
        var strides = Strides.ToList();
        shape.Insert(d, 1);
        strides.Insert(d, d < Rank ? Strides[d] * ShapeArray[d] : 1);
        var view = ViewOf([.. shape], [.. strides], Offset);
        return Autograd.Record("UnsqueezeBackward0", view, g => [g.Squeeze(d)], this);
    }

    /// <summary>A broadcast view with size-1 dimensions repeated (stride 0); -1 keeps a size.</summary>
    public Tensor Expand(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length < Rank)
            throw new ArgumentException($"Expand: the target shape {Shape.Format(shape)} has fewer dimensions than the tensor's shape {Shape}.");
        var strides = new int[shape.Length];
        var resolved = new int[shape.Length];
        int shift = shape.Length - Rank;
        for (int i = 0; i < shape.Length; i++)
        {
            int own = i < shift ? 1 : ShapeArray[i - shift];
            if (shape[i] == -1 && i < shift)
                throw new ArgumentException($"Expand: The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension {i}. Target sizes: {Shape.Format(shape)}. Tensor sizes: {Shape}.", nameof(shape));
            if (shape[i] < -1)
                throw new ArgumentException($"Expand: The expanded size of the tensor ({shape[i]}) isn't allowed: sizes must be 0 or more, or -1 to keep a size. Target sizes: {Shape.Format(shape)}. Tensor sizes: {Shape}.", nameof(shape));
            int target = shape[i] == -1 ? own : shape[i];
            if (own != target && own != 1)
                throw new ArgumentException($"Expand: the expanded size of the tensor ({target}) must match the existing size ({own}) at non-singleton dimension {i}. Target sizes: {Shape.Format(shape)}. Tensor sizes: {Shape}.");
            resolved[i] = target;
            strides[i] = i < shift || (own == 1 && target != 1) ? 0 : Strides[i - shift];
        }
        Shape.CheckedNumEl(resolved, "Expand");
        var view = ViewOf(resolved, strides, Offset);
        var from = ShapeArray;
        return Autograd.Record("ExpandBackward0", view, g => [g.SumToShape(from)], this);
    }

    /// <summary>Elements <paramref name="start"/>..<paramref name="start"/>+<paramref name="length"/> along <paramref name="dim"/> (a view).</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        RequireDimensions("narrow");
        int d = Shape.NormalizeDim(dim, Rank, "Narrow");
        int size = ShapeArray[d];
        if (start < -size || start > size)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Narrow: start ({start}) is out of range for dimension {d} of size {size} (expected to be in range of [{-size}, {size}]; shape {Shape}).");
        if (start < 0) start += size;
        if (length < 0 || (long)start + length > size)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Narrow: start ({start}) + length ({length}) exceeds dimension {d} of size {size} (shape {Shape}); length must be 0 or more.");
        var shape = (int[])ShapeArray.Clone();
        shape[d] = length;
        var view = ViewOf(shape, Strides, Offset + start * Strides[d]);
        var from = ShapeArray;
        return Autograd.Record("SliceBackward0", view, g =>
        {
            var full = Zeros(from, g.DType, g.Device);
            full.Narrow(d, start, length).Copy_(g);
            return [full];
        }, this);
    }

    /// <summary>Python's <c>t[start:end]</c> along <paramref name="dim"/> (negative indices count from the end, ends clamp).</summary>
    public Tensor Slice(int dim, int start, int end)
    {
        RequireDimensions("slice");
        int d = Shape.NormalizeDim(dim, Rank, "Slice");
        int size = ShapeArray[d];
        if (start < 0) start = Math.Max(start + size, 0);
        if (end < 0) end = Math.Max(end + size, 0);
        start = Math.Min(start, size);
        end = Math.Clamp(end, start, size);
        return Narrow(d, start, end - start);
    }

    /// <summary>The sub-tensor at <paramref name="index"/> along <paramref name="dim"/>, which is removed (PyTorch's <c>select</c>).</summary>
    public Tensor Select(int dim, int index)
    {
        RequireDimensions("select");
        int d = Shape.NormalizeDim(dim, Rank, "Select");
        int size = ShapeArray[d];
        if (index < -size || index >= size)
            throw new ArgumentOutOfRangeException(nameof(index), $"Select: index {index} is out of bounds for dimension {d} with size {size} (shape {Shape}).");
        if (index < 0) index += size;
        return Narrow(d, index, 1).Squeeze(d);
    }

    /// <summary><c>t[i]</c>: selects along the first dimension.</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public Tensor this[int index] => Select(0, index);

    /// <summary>Indexing ops need a dimension to index: PyTorch's "select() cannot be applied to a 0-dim tensor."</summary>
    private void RequireDimensions(string op)
    {
        if (Rank == 0)
            throw new InvalidOperationException($"{op}() cannot be applied to a 0-dim tensor (this tensor is a scalar; read it with Item<T>()).");
    }

    /// <summary>A tensor over this one's memory with another geometry, remembering the root it views.</summary>
    private Tensor ViewOf(int[] shape, int[] strides, int offset)
        => new(Storage, shape, strides, offset) { _viewBase = _viewBase ?? this };

    private int[] InferShape(int[] shape, string op)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long known = 1;
        int infer = -1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"{op}: only one dimension can be inferred (-1), but shape {Shape.Format(shape)} has several.");
                infer = i;
            }
            else if (shape[i] < 0)
            {
                throw new ArgumentException($"{op}: invalid size {shape[i]} in shape {Shape.Format(shape)}.");
            }
            else known = Math.Min(known * shape[i], (long)Shape.MaxNumEl + 1); // saturate: only "too large" matters
        }
        var resolved = (int[])shape.Clone();
        int n = NumEl;
        if (infer >= 0)
        {
            if (known == 0 || n % known != 0)
                throw new ArgumentException($"{op}: shape {Shape.Format(shape)} is invalid for input of size {n} (shape {Shape}).");
            resolved[infer] = (int)(n / known);
        }
        else if (known != n)
        {
            throw new ArgumentException($"{op}: shape {Shape.Format(shape)} is invalid for input of size {n} (shape {Shape}).");
        }
        Shape.CheckedNumEl(resolved, op); // an empty tensor can take sizes whose strides would not fit
        return resolved;
    }
}
