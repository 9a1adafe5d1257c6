using System.Collections;

namespace GraphGen;

/// <summary>The sizes of a tensor's dimensions (PyTorch's <c>torch.Size</c>). Immutable.</summary>
public readonly struct Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[]? _dims;

    public Shape(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        _dims = (int[])dims.Clone();
    }

    internal static Shape Wrap(int[] dims) => new(dims, wrap: true);

    private Shape(int[] dims, bool wrap) => _dims = dims;

    public int Rank => _dims?.Length ?? 0;

    public int Count => Rank;

    public int this[int index] => (_dims ?? [])[index];

    /// <summary>Number of elements: the product of the sizes (1 for a scalar).</summary>
    public int NumEl => CheckedNumEl(Dims, "Shape.NumEl");

    /// <summary>The most elements one tensor can hold: its storage is one .NET array, indexed with int.</summary>
    internal const int MaxNumEl = int.MaxValue;

    /// <summary>
    /// The one check every shape entering the library passes (factories, View/Reshape, Expand, Narrow,
    /// Wrap, allocation): no negative size, and a product that fits a tensor, computed without overflow.
    /// </summary>
    internal static int CheckedNumEl(ReadOnlySpan<int> dims, string op)
    {
        foreach (int d in dims)
            if (d < 0)
                throw new ArgumentException($"{op}: Trying to create tensor with negative dimension {d}: {Format(dims)}; sizes must be 0 or more.", "shape");
        // Sizes of 0 are skipped: strides are products of the other sizes, so they must fit too.
        long n = 1;
        bool empty = false;
        foreach (int d in dims)
        {
            if (d == 0) { empty = true; continue; }
            n *= d; // both factors are below 2^31, so the long product cannot overflow before the check
            if (n > MaxNumEl)
                throw new ArgumentException($"{op}: shape {Format(dims)} is too large: its sizes multiply to {Product(dims)}, more than the {MaxNumEl} elements one tensor can hold (its storage is one array indexed by a 32-bit int).", "shape");
        }
        return empty ? 0 : (int)n;
    }

    /// <summary>The exact product of a shape's nonzero sizes, for messages about shapes too large to hold.</summary>
    private static System.Numerics.BigInteger Product(ReadOnlySpan<int> dims)
    {
        System.Numerics.BigInteger n = 1;
        foreach (int d in dims) n *= Math.Max(d, 1);
        return n;
    }

    internal int[] Dims => _dims ?? [];

    public int[] ToArray() => (int[])Dims.Clone();

    public bool Equals(Shape other) => Dims.AsSpan().SequenceEqual(other.Dims);

    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int d in Dims) h.Add(d);
        return h.ToHashCode();
    }

    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    public static implicit operator Shape(int[] dims) => new(dims);

    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)Dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>"[2, 3]", as in error messages.</summary>
    public override string ToString() => "[" + string.Join(", ", Dims) + "]";

    internal static string Format(ReadOnlySpan<int> dims) => "[" + string.Join(", ", dims.ToArray()) + "]";

    internal static int[] ContiguousStrides(ReadOnlySpan<int> dims)
    {
        var strides = new int[dims.Length];
        int s = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s = checked(s * Math.Max(dims[i], 1)); // the shape was checked; a failure here is a bug, not bad input
        }
        return strides;
    }

    /// <summary>NumPy/PyTorch broadcasting of two shapes; throws naming both when they cannot broadcast.</summary>
    internal static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, string op)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException(
                    $"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast together: size {da} of the first does not match size {db} of the second at dimension {i} (sizes must be equal or one of them 1).");
            result[i] = da == 1 ? db : da;
        }
        CheckedNumEl(result, op); // two valid shapes can broadcast to one too large to hold
        return result;
    }

    /// <summary>Wraps a possibly negative dimension index, throwing PyTorch's message when out of range.</summary>
    internal static int NormalizeDim(int dim, int rank, string? op = null)
    {
        int r = Math.Max(rank, 1);
        if (dim < -r || dim >= r)
            throw new ArgumentOutOfRangeException(nameof(dim), dim,
                $"{(op is null ? "" : op + ": ")}Dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {dim}) for a tensor of rank {rank}.");
        return dim < 0 ? dim + r : dim;
    }
}
