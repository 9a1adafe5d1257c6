using System.Runtime.InteropServices;

namespace GraphGen;

/// <summary>
/// An n-dimensional array with PyTorch's semantics: a strided view into a storage, with a dtype, a
/// device and, when <see cref="RequiresGrad"/> is set, a place in the autograd graph.
/// </summary>
public sealed partial class Tensor
{
    internal readonly Storage Storage;
    internal readonly int[] ShapeArray;
    internal readonly int[] Strides;
    internal readonly int Offset;

    private bool _requiresGrad;
    private Node? _gradFn;

    /// <summary>
    /// For a view (View, Transpose, Narrow, Expand, ...): the tensor that owns the memory it looks into
    /// (always the root, never another view). In-place ops on a view rebase this tensor's history.
    /// </summary>
    private Tensor? _viewBase;

    internal Tensor(Storage storage, int[] shape, int[] strides, int offset)
    {
        Storage = storage;
        ShapeArray = shape;
        Strides = strides;
        Offset = offset;
    }

    internal Tensor(Storage storage, int[] shape) : this(storage, shape, Shape.ContiguousStrides(shape), 0)
    {
    }

    public Shape Shape => Shape.Wrap(ShapeArray);

    public DType DType => Storage.DType;

    public Device Device => Storage.Device;

    /// <summary>Number of dimensions (PyTorch's <c>dim()</c>).</summary>
    public int Rank => ShapeArray.Length;

    public int NumEl
    {
        get
        {
            int n = 1;
            foreach (int d in ShapeArray) n *= d;
            return n;
        }
    }

    /// <summary>Size of one dimension; negative indices count from the end.</summary>
    public int Size(int dim)
    {
        if (Rank == 0)
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"Size: dimension specified as {dim} but tensor has no dimensions.");
        return ShapeArray[Shape.NormalizeDim(dim, Rank, "Size")];
    }

    public bool IsContiguous
    {
        get
        {
            // A tensor without elements is contiguous whatever its strides (as in PyTorch).
            foreach (int d in ShapeArray)
                if (d == 0) return true;
            int expected = 1;
            for (int i = ShapeArray.Length - 1; i >= 0; i--)
            {
                if (ShapeArray[i] != 1 && Strides[i] != expected) return false;
                expected *= ShapeArray[i];
            }
            return true;
        }
    }

    // ---------------------------------------------------------------- autograd state

    /// <summary>Whether autograd records ops on this tensor. Only leaves may change it.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (_gradFn is not null)
                throw new InvalidOperationException(value
                    ? "you can only change requires_grad flags of leaf variables. (This tensor was computed by " + _gradFn.Name + "; it already requires grad.)"
                    : "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach(). (In GraphGen: var.Detach().)");
            if (value && !DType.IsFloating())
                throw new InvalidOperationException($"only Tensors of floating point dtype can require gradients, but this tensor has dtype {DType.TorchName()}.");
            _requiresGrad = value;
        }
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor (PyTorch's <c>requires_grad_()</c>).</summary>
    public Tensor RequiresGrad_(bool requiresGrad = true)
    {
        // As PyTorch's requires_grad_(): a no-op on a non-leaf that already requires grad.
        if (requiresGrad && _gradFn is not null) return this;
        RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>The accumulated gradient, filled by <see cref="Backward"/> for leaves (and retained non-leaves).</summary>
    /// <remarks>
    /// On a CUDA device, a gradient that autograd accumulated here belongs to this tensor: its device memory is
    /// released when the gradient is replaced or cleared (<c>ZeroGrad</c>), not left to the garbage collector.
    /// </remarks>
    public Tensor? Grad
    {
        get
        {
            // Handed out: from now on a caller may hold it, so it is no longer the runtime's to recycle (nor to zero lazily).
            if (_grad is { IsRecyclableGradient: true } seen)
            {
                seen.IsRecyclableGradient = false;
                seen.ApplyPendingZero();
            }
            return _grad;
        }
        set
        {
            var old = _grad;
            _grad = value;
            if (old?.Storage is GpuStorage { OwnedByGradient: true } s && !ReferenceEquals(value?.Storage, s)) s.Release();
            if (old is { IsRecyclableGradient: true } && !ReferenceEquals(old, value)) Compiled.GradientRecycler.Reclaim(this, old);
        }
    }

    private Tensor? _grad;

    /// <summary><see cref="Grad"/> for the runtime's own readers that never keep it (optimizers, gradient clipping): reading it here does not end its recyclability.</summary>
    internal Tensor? GradUnobserved
    {
        get
        {
            _grad?.ApplyPendingZero();
            return _grad;
        }
    }

    /// <summary>The gradient as it is, possibly with a zeroing still pending (<see cref="IsZeroPending"/>): for the compiled backward, which overwrites such a gradient.</summary>
    internal Tensor? GradAsIs => _grad;

    /// <summary>A gradient made by the compiled backward that no caller has seen yet (see <see cref="Compiled.GradientRecycler"/>).</summary>
    internal bool IsRecyclableGradient;

    /// <summary>The node that produced this tensor, or null for leaves.</summary>
    public Node? GradFn => _gradFn;

    /// <summary>True for tensors created by the user rather than by a recorded op.</summary>
    public bool IsLeaf => _gradFn is null;

    internal void SetGradFn(Node node)
    {
        _gradFn = node;
        _requiresGrad = true;
    }

    /// <summary>Keeps this non-leaf tensor's gradient in <see cref="Grad"/> after backward.</summary>
    public void RetainGrad()
    {
        if (!_requiresGrad)
            throw new InvalidOperationException("can't retain_grad on Tensor that has requires_grad=False");
        if (_gradFn is { } fn) fn.Retained = new WeakReference<Tensor>(this);
    }

    /// <summary>
    /// Computes gradients of this tensor with respect to the graph's leaves. Without
    /// <paramref name="gradient"/> the tensor must hold one element.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        if (gradient is null)
        {
            if (NumEl != 1)
                throw new InvalidOperationException($"grad can be implicitly created only for scalar outputs (this tensor has shape {Shape}; pass a gradient of that shape).");
            gradient = Recycled?.Seed ?? OnesLike(this);
        }
        else if (!gradient.Shape.Equals(Shape))
        {
            throw new ArgumentException($"Mismatch in shape: gradient has shape {gradient.Shape} but the output has shape {Shape}.", nameof(gradient));
        }
        Autograd.Backward(this, gradient, retainGraph);
    }

    /// <summary>A tensor sharing this one's data, cut out of the graph.</summary>
    public Tensor Detach() => new(Storage, ShapeArray, Strides, Offset);

    // ---------------------------------------------------------------- data access

    /// <summary>The value of a one-element tensor, converted to <typeparamref name="T"/>.</summary>
    public T Item<T>() where T : unmanaged
    {
        if (NumEl != 1)
            throw new InvalidOperationException($"a Tensor with {NumEl} elements cannot be converted to Scalar (shape {Shape}); Item needs exactly one element.");
        if (Storage is GpuStorage) return Detach().To(Device.Cpu).Item<T>();
        return Convert<T>(ReadScalarAsDouble(Offset), ElementAt<long>(Offset));
    }

    /// <summary>The elements in row-major order, converted to <typeparamref name="T"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        if (Storage is GpuStorage) return Detach().To(Device.Cpu).ToArray<T>();
        var c = Contiguous();
        if (c.DType == DTypes.Of<T>()) return c.Span<T>().ToArray();
        return c.To(DTypes.Of<T>()).Span<T>().ToArray();
    }

    /// <summary>The elements in row-major order as a typed array of this tensor's dtype.</summary>
    public Array ToArray() => DType switch
    {
        DType.Float32 => ToArray<float>(),
        DType.Float64 => ToArray<double>(),
        DType.Int64 => ToArray<long>(),
        DType.Int32 => ToArray<int>(),
        _ => ToArray<bool>(),
    };

    /// <summary>
    /// The elements of a contiguous CPU tensor as a span over its storage (no copy): writes change the
    /// tensor. Throws if the tensor is not contiguous, not on the CPU, or not of element type T.
    /// </summary>
    public Span<T> AsSpan<T>() where T : unmanaged
    {
        if (!IsContiguous)
            throw new InvalidOperationException($"AsSpan: the tensor of shape {Shape} is not contiguous; call Contiguous() first.");
        return Span<T>();
    }

    /// <summary>Wraps an existing array as a tensor without copying (the array becomes its storage).</summary>
    public static Tensor Wrap<T>(T[] data, params int[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        int n = Shape.CheckedNumEl(shape, "Wrap");
        if (n != data.Length)
            throw new ArgumentException($"Wrap: shape {Shape.Format(shape)} needs {n} elements but the array has {data.Length}.", nameof(shape));
        return new Tensor(new CpuStorage(data, DTypes.Of<T>()), (int[])shape.Clone());
    }

    /// <summary>The contiguous CPU elements of this tensor (it must be contiguous and of type T).</summary>
    internal Span<T> Span<T>() where T : unmanaged
    {
        var data = CpuData<T>();
        return data.AsSpan(Offset, NumEl);
    }

    internal T[] CpuData<T>() where T : unmanaged
    {
        if (Storage is not CpuStorage cpu)
            throw new InvalidOperationException($"This operation needs a CPU tensor but the tensor is on {Device}; call .To(Device.Cpu) first.");
        return cpu.Data as T[] ?? throw new InvalidOperationException($"Expected a tensor of dtype {DTypes.Of<T>().TorchName()} but got {DType.TorchName()}.");
    }

    internal T ElementAt<T>(int storageIndex) where T : unmanaged
    {
        var data = ((CpuStorage)Storage).Data;
        return data is T[] typed ? typed[storageIndex] : default;
    }

    internal double ReadScalarAsDouble(int storageIndex) => ((CpuStorage)Storage).Data switch
    {
        float[] f => f[storageIndex],
        double[] d => d[storageIndex],
        long[] l => l[storageIndex],
        int[] i => i[storageIndex],
        bool[] b => b[storageIndex] ? 1 : 0,
        _ => throw new InvalidOperationException("Unknown storage."),
    };

    private T Convert<T>(double value, long exact) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return (T)(object)(float)value;
        if (typeof(T) == typeof(double)) return (T)(object)value;
        if (typeof(T) == typeof(bool)) return (T)(object)(value != 0);
        if (typeof(T) != typeof(long) && typeof(T) != typeof(int))
            throw new NotSupportedException($"Item<{typeof(T).Name}> is not supported; use float, double, long, int or bool.");
        // Integers: read int64 storage exactly (doubles lose precision past 2^53). A NaN or out-of-range
        // float is refused, as Python's int(tensor) refuses it, instead of a silent 0 or saturated value.
        if (double.IsNaN(value))
            throw new InvalidOperationException($"Item<{typeof(T).Name}>: cannot convert float NaN to integer (the tensor holds nan, dtype {DType.TorchName()}).");
        bool isInt = typeof(T) == typeof(int);
        bool fits = DType == GraphGen.DType.Int64
            ? !isInt || exact is >= int.MinValue and <= int.MaxValue
            : isInt ? value is >= int.MinValue and <= int.MaxValue : value >= long.MinValue && value < 9223372036854775808.0;
        if (!fits)
            throw new InvalidOperationException($"Item<{typeof(T).Name}>: value cannot be converted to type {(isInt ? "int32_t" : "int64_t")} without overflow: the tensor holds {(DType == GraphGen.DType.Int64 ? exact : value)} ({DType.TorchName()}).");
        long l = DType == GraphGen.DType.Int64 ? exact : (long)value;
        return isInt ? (T)(object)(int)l : (T)(object)l;
    }

    /// <summary>Storage offset of each element in row-major order (for non-contiguous reads).</summary>
    internal int[] ElementOffsets()
    {
        int n = NumEl;
        var offsets = new int[n];
        if (n == 0) return offsets;
        int rank = Rank;
        var index = new int[rank];
        int off = Offset;
        for (int i = 0; i < n; i++)
        {
            offsets[i] = off;
            for (int d = rank - 1; d >= 0; d--)
            {
                index[d]++;
                off += Strides[d];
                if (index[d] < ShapeArray[d]) break;
                off -= Strides[d] * ShapeArray[d];
                index[d] = 0;
            }
        }
        return offsets;
    }

    internal void EnsureSameDevice(Tensor other, string op)
    {
        if (Device != other.Device)
            throw new InvalidOperationException($"{op}: Expected all tensors to be on the same device, but found at least two devices, {Device} and {other.Device}.");
    }

    /// <summary>For ops with no device kernel: a clear NotSupportedException naming the op and the device, never a silent copy to the host.</summary>
    internal void EnsureCpu(string op)
    {
        if (Storage is not CpuStorage)
            throw new NotSupportedException($"{op} is not implemented for tensors on {Device}; move the tensor with .To(Device.Cpu).");
    }
}
