using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GraphGen;

public sealed partial class Tensor
{
    /// <summary>Seeds the default generator (PyTorch's <c>torch.manual_seed</c>).</summary>
    public static void ManualSeed(long seed) => RandomGenerator.SeedDefault(seed);

    // ---------------------------------------------------------------- from data

    public static Tensor From(float[] data, DType? dtype = null, Device? device = null) => FromSpan<float>(data, [data.Length], dtype, device);

    public static Tensor From(double[] data, DType? dtype = null, Device? device = null) => FromSpan<double>(data, [data.Length], dtype, device);

    public static Tensor From(long[] data, DType? dtype = null, Device? device = null) => FromSpan<long>(data, [data.Length], dtype, device);

    public static Tensor From(int[] data, DType? dtype = null, Device? device = null) => FromSpan<int>(data, [data.Length], dtype, device);

    public static Tensor From(bool[] data, Device? device = null) => FromSpan<bool>(data, [data.Length], null, device);

    public static Tensor From(float[,] data, DType? dtype = null, Device? device = null) => FromMulti<float>(data, dtype, device);

    public static Tensor From(double[,] data, DType? dtype = null, Device? device = null) => FromMulti<double>(data, dtype, device);

    public static Tensor From(long[,] data, DType? dtype = null, Device? device = null) => FromMulti<long>(data, dtype, device);

    public static Tensor From(int[,] data, DType? dtype = null, Device? device = null) => FromMulti<int>(data, dtype, device);

    public static Tensor From(float[,,] data, DType? dtype = null, Device? device = null) => FromMulti<float>(data, dtype, device);

    public static Tensor From(double[,,] data, DType? dtype = null, Device? device = null) => FromMulti<double>(data, dtype, device);

    public static Tensor From(long[,,] data, DType? dtype = null, Device? device = null) => FromMulti<long>(data, dtype, device);

    public static Tensor From(int[,,] data, DType? dtype = null, Device? device = null) => FromMulti<int>(data, dtype, device);

    /// <summary>A 0-dimensional tensor holding one value (PyTorch's <c>torch.tensor(3.0)</c>).</summary>
    public static Tensor Scalar(float value, Device? device = null) => FromSpan<float>([value], [], null, device);

    public static Tensor Scalar(double value, DType dtype, Device? device = null) => FromSpan<double>([value], [], dtype, device);

    public static Tensor Scalar(long value, Device? device = null) => FromSpan<long>([value], [], null, device);

    /// <summary>A tensor of the given shape copied from <paramref name="data"/> (row-major).</summary>
    public static Tensor From<T>(ReadOnlySpan<T> data, ReadOnlySpan<int> shape, DType? dtype = null, Device? device = null) where T : unmanaged
        => FromSpan(data, shape.ToArray(), dtype, device);

    private static Tensor FromMulti<T>(Array data, DType? dtype, Device? device) where T : unmanaged
    {
        var shape = new int[data.Rank];
        for (int i = 0; i < shape.Length; i++) shape[i] = data.GetLength(i);
        var flat = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(data)), data.Length);
        return FromSpan(flat, shape, dtype, device);
    }

    private static Tensor FromSpan<T>(ReadOnlySpan<T> data, int[] shape, DType? dtype, Device? device) where T : unmanaged
    {
        int n = CheckShape(shape, "From");
        if (n != data.Length)
            throw new ArgumentException($"From: shape {Shape.Format(shape)} needs {n} elements but {data.Length} were given.", nameof(shape));
        var t = new Tensor(new CpuStorage(data.ToArray(), DTypes.Of<T>()), shape);
        if (dtype is { } d && d != t.DType) t = t.To(d);
        return device is null ? t : t.To(device);
    }

    // ---------------------------------------------------------------- filled

    /// <summary>Uninitialised memory in PyTorch; zero-filled here so results never depend on garbage.</summary>
    public static Tensor Empty(params int[] shape) => Zeros(shape);

    public static Tensor Empty(int[] shape, DType dtype = DType.Float32, Device? device = null) => Zeros(shape, dtype, device);

    public static Tensor Zeros(params int[] shape) => Zeros(shape, DType.Float32);

    public static Tensor Zeros(int[] shape, DType dtype = DType.Float32, Device? device = null)
    {
        int n = CheckShape(shape, "Zeros");
        dtype.CheckDefined(nameof(dtype));
        var target = device ?? Device.Cpu;
        target.EnsureAvailable();
        if (target.Type == DeviceType.Cuda) return new Tensor(GpuStorage.Allocate(target, dtype, n), (int[])shape.Clone());
        return new Tensor(CpuStorage.Allocate(dtype, n, shape), (int[])shape.Clone());
    }

    public static Tensor Ones(params int[] shape) => Full(shape, 1.0);

    public static Tensor Ones(int[] shape, DType dtype = DType.Float32, Device? device = null) => Full(shape, 1.0, dtype, device);

    /// <summary>A tensor filled with <paramref name="value"/>, which must be representable in <paramref name="dtype"/> (as PyTorch checks).</summary>
    public static Tensor Full(int[] shape, double value, DType dtype = DType.Float32, Device? device = null)
    {
        dtype.CheckDefined(nameof(dtype));
        dtype.CheckRepresentable(value, "Full");
        var t = Zeros(shape, dtype, device);
        if (value != 0) t.FillRaw(value);
        return t;
    }

    public static Tensor ZerosLike(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Zeros(t.ShapeArray, t.DType, t.Device);
    }

    public static Tensor OnesLike(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return Full(t.ShapeArray, 1.0, t.DType, t.Device);
    }

    // Arange: dtype comes only after step, so that Arange(5, 0) means start 5, end 0 (PyTorch's dtype is
    // keyword-only). A (long end, DType dtype) overload would take the literal 0 as DType.Float32.

    /// <summary>0, 1, ..., <paramref name="end"/> - 1 as int64 (PyTorch's <c>torch.arange(end)</c>).</summary>
    public static Tensor Arange(long end) => Arange(0, end, 1);

    /// <summary>0, 1, ... below <paramref name="end"/> as float32 (PyTorch infers a floating dtype from a floating bound).</summary>
    public static Tensor Arange(double end) => Arange(0, end, 1);

    /// <summary>Integers from <paramref name="start"/> up to (not including) <paramref name="end"/>; int64 unless a dtype is given.</summary>
    public static Tensor Arange(long start, long end, long step = 1, DType? dtype = null)
        => ArangeOf(start, end, step, dtype ?? DType.Int64);

    /// <summary>Values from <paramref name="start"/> up to (not including) <paramref name="end"/>; float32 unless a dtype is given.</summary>
    public static Tensor Arange(double start, double end, double step = 1, DType? dtype = null)
        => ArangeOf(start, end, step, dtype ?? DType.Float32);

    private static Tensor ArangeOf(double start, double end, double step, DType dtype)
    {
        dtype.CheckDefined(nameof(dtype));
        if (!double.IsFinite(start) || !double.IsFinite(end))
            throw new ArgumentException($"Arange: unsupported range: {start} -> {end} (start and end must be finite).");
        if (!double.IsFinite(step))
            throw new ArgumentException($"Arange: step must be finite, but got {step}.", nameof(step));
        if (step == 0) throw new ArgumentException("Arange: step must be nonzero.", nameof(step));
        if ((end - start) / step < 0)
            throw new ArgumentException($"Arange: upper bound and lower bound inconsistent with step sign (start={start}, end={end}, step={step}).");
        double count = Math.Ceiling((end - start) / step);
        if (count > Shape.MaxNumEl)
            throw new ArgumentException($"Arange: the range {start} -> {end} with step {step} has {count} elements, more than the {Shape.MaxNumEl} one tensor can hold.");
        int n = (int)count;
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = start + i * step;
        return From(values, dtype);
    }

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor Rand(int[] shape, RandomGenerator? generator = null, DType dtype = DType.Float32)
    {
        CheckFloating(dtype, "Rand");
        var g = generator ?? RandomGenerator.Default;
        var t = Zeros(shape, DType.Float64);
        var s = t.Span<double>();
        for (int i = 0; i < s.Length; i++) s[i] = dtype == DType.Float32 ? g.NextSingle() : g.NextDouble();
        return dtype == DType.Float64 ? t : t.To(dtype);
    }

    public static Tensor Rand(params int[] shape) => Rand(shape, null);

    /// <summary>Standard normal samples.</summary>
    public static Tensor Randn(int[] shape, RandomGenerator? generator = null, DType dtype = DType.Float32)
    {
        CheckFloating(dtype, "Randn");
        var g = generator ?? RandomGenerator.Default;
        var t = Zeros(shape, DType.Float64);
        var s = t.Span<double>();
        for (int i = 0; i < s.Length; i++) s[i] = g.NextGaussian();
        return dtype == DType.Float64 ? t : t.To(dtype);
    }

    public static Tensor Randn(params int[] shape) => Randn(shape, null);

    /// <summary>Uniform samples in [low, high), used by layer initialisers.</summary>
    public static Tensor Uniform(int[] shape, double low, double high, RandomGenerator? generator = null, DType dtype = DType.Float32)
    {
        CheckFloating(dtype, "Uniform");
        if (!double.IsFinite(low) || !double.IsFinite(high) || low > high)
            throw new ArgumentException($"Uniform: expects low <= high with both finite, but got low={low}, high={high}.");
        var g = generator ?? RandomGenerator.Default;
        var t = Zeros(shape, DType.Float64);
        var s = t.Span<double>();
        for (int i = 0; i < s.Length; i++) s[i] = low + (high - low) * g.NextDouble();
        return dtype == DType.Float64 ? t : t.To(dtype);
    }

    private static void CheckFloating(DType dtype, string op)
    {
        dtype.CheckDefined(nameof(dtype));
        if (!dtype.IsFloating())
            throw new ArgumentException($"{op}: \"{op.ToLowerInvariant()}\" not implemented for '{dtype.TorchName()}'; random samples need a floating dtype.", nameof(dtype));
    }

    private static int CheckShape(int[] shape, string op)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Shape.CheckedNumEl(shape, op);
    }

    // ---------------------------------------------------------------- conversion

    /// <summary>A copy converted to <paramref name="dtype"/> (this tensor if it already has it). Differentiable for floating types.</summary>
    public Tensor To(DType dtype)
    {
        dtype.CheckDefined(nameof(dtype));
        if (dtype == DType) return this;
        Tensor dst;
        if (Storage is GpuStorage) dst = Kernels.Gpu.GpuTensorOps.Convert(this, dtype);
        else
        {
            var src = Contiguous();
            int n = src.NumEl;
            dst = new Tensor(CpuStorage.Allocate(dtype, n, clear: false), (int[])ShapeArray.Clone());
            Kernels.Cpu.Convert.Run(((CpuStorage)src.Storage).Data, src.Offset, ((CpuStorage)dst.Storage).Data, n);
        }
        if (dtype.IsFloating() && DType.IsFloating())
        {
            var from = DType;
            return Autograd.Record("ToCopyBackward0", dst, g => [g.To(from)], this);
        }
        return dst;
    }

    /// <summary>
    /// This tensor on <paramref name="device"/> (this tensor if it is already there): a copy between host and
    /// device memory. Differentiable: the gradient is copied back to this tensor's device.
    /// </summary>
    public Tensor To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device == Device) return this;
        device.EnsureAvailable();
        var dst = Kernels.Gpu.GpuTensorOps.ToDevice(this, device);
        var from = Device;
        return Autograd.Record("ToCopyBackward0", dst, g => [g.To(from)], this);
    }

    /// <summary>A contiguous tensor with the same values (this one if already contiguous).</summary>
    public Tensor Contiguous() => IsContiguous ? this : Clone();

    /// <summary>A contiguous copy with its own storage; differentiable.</summary>
    public Tensor Clone()
    {
        Tensor dst;
        if (Storage is GpuStorage) dst = Kernels.Gpu.GpuTensorOps.Contiguous(this);
        else
        {
            dst = new Tensor(CpuStorage.Allocate(DType, NumEl, clear: false), (int[])ShapeArray.Clone());
            CopyInto(dst);
        }
        return Autograd.Record("CloneBackward0", dst, g => [g], this);
    }

    /// <summary>Copies this tensor's elements (any strides) into the contiguous tensor <paramref name="dst"/> of the same dtype.</summary>
    internal void CopyInto(Tensor dst)
    {
        var srcData = ((CpuStorage)Storage).Data;
        var dstData = ((CpuStorage)dst.Storage).Data;
        int n = NumEl;
        if (IsContiguous)
        {
            Array.Copy(srcData, Offset, dstData, dst.Offset, n);
            return;
        }
        var offsets = ElementOffsets();
        switch (srcData)
        {
            case float[] f: Gather(f, offsets, (float[])dstData, dst.Offset); break;
            case double[] d: Gather(d, offsets, (double[])dstData, dst.Offset); break;
            case long[] l: Gather(l, offsets, (long[])dstData, dst.Offset); break;
            case int[] i: Gather(i, offsets, (int[])dstData, dst.Offset); break;
            case bool[] b: Gather(b, offsets, (bool[])dstData, dst.Offset); break;
        }

        static void Gather<T>(T[] src, int[] offsets, T[] dst, int start)
        {
            for (int k = 0; k < offsets.Length; k++) dst[start + k] = src[offsets[k]];
        }
    }

    /// <summary>Fills every element (respecting strides) with a value, without autograd.</summary>
    internal void FillRaw(double value)
    {
        Storage.Version++;
        if (Storage is GpuStorage)
        {
            Kernels.Gpu.GpuTensorOps.Fill(this, value);
            return;
        }
        if (IsContiguous)
        {
            switch (((CpuStorage)Storage).Data)
            {
                case float[] f: f.AsSpan(Offset, NumEl).Fill((float)value); break;
                case double[] d: d.AsSpan(Offset, NumEl).Fill(value); break;
                case long[] l: l.AsSpan(Offset, NumEl).Fill((long)value); break;
                case int[] i: i.AsSpan(Offset, NumEl).Fill((int)value); break;
                case bool[] b: b.AsSpan(Offset, NumEl).Fill(value != 0); break;
            }
            return;
        }
        var data = ((CpuStorage)Storage).Data;
        foreach (int o in ElementOffsets())
        {
            switch (data)
            {
                case float[] f: f[o] = (float)value; break;
                case double[] d: d[o] = value; break;
                case long[] l: l[o] = (long)value; break;
                case int[] i: i[o] = (int)value; break;
                case bool[] b: b[o] = value != 0; break;
            }
        }
    }
}
