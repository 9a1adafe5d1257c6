using GraphGen.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The eager tensor ops on CUDA devices: what <see cref="Tensor"/>'s ops call when a tensor's storage is a
/// <see cref="GpuStorage"/>. Each op allocates its dense output on the operand's device and launches
/// kernels on that device's stream; autograd is recorded by the calling op, unchanged.
/// </summary>
internal static partial class GpuTensorOps
{
    // ---------------------------------------------------------------- helpers

    public static GpuStorage Gpu(Tensor t) => (GpuStorage)t.Storage;

    public static GpuDevice DeviceOf(Tensor t) => Gpu(t).GpuDevice;

    public static StridedLayout Layout(Tensor t, string op) => StridedLayout.Create(t.ShapeArray, t.Strides, t.Offset, op);

    /// <summary>The layout of <paramref name="t"/> broadcast to <paramref name="shape"/> (stride 0 along broadcast dims).</summary>
    public static StridedLayout LayoutAs(Tensor t, int[] shape, string op)
        => StridedLayout.Create(shape, Cpu.Broadcast.ExpandStrides(t.ShapeArray, t.Strides, shape), t.Offset, op);

    /// <summary>A new dense tensor on <paramref name="device"/> (zeroed only when <paramref name="clear"/>).</summary>
    public static Tensor Empty(Device device, DType dtype, int[] shape, bool clear = false)
        => new(GpuStorage.Allocate(device, dtype, new Shape(shape).NumEl, clear), (int[])shape.Clone());

    public static void RequireFloat32(Tensor t, string op)
    {
        if (t.DType != DType.Float32)
            throw new NotSupportedException($"{op}: GPU kernels compute in float32, but got a tensor of dtype {t.DType.TorchName()} on {t.Device}; convert it with .To(DType.Float32).");
    }

    /// <summary>As float32 (converted on the device when needed).</summary>
    public static Tensor AsFloat32(Tensor t) => t.DType == DType.Float32 ? t : Convert(t, DType.Float32);

    // ---------------------------------------------------------------- transfer and layout

    /// <summary>Copies <paramref name="t"/> to <paramref name="device"/> (host ↔ device, or device → device through the host).</summary>
    public static Tensor ToDevice(Tensor t, Device device)
    {
        if (device.Type == DeviceType.Cpu)
        {
            var dense = t.IsContiguous && t.Offset == 0 && t.Storage.Length == t.NumEl ? t : Contiguous(t);
            var host = Gpu(dense).CopyToHost();
            return new Tensor(new CpuStorage(host, t.DType), (int[])t.ShapeArray.Clone());
        }
        var src = t.Storage is GpuStorage ? ToDevice(t, Device.Cpu) : t.Contiguous();
        var storage = GpuStorage.Allocate(device, src.DType, src.NumEl, clear: false);
        storage.CopyFromHost(((CpuStorage)src.Storage).Data, src.Offset, src.NumEl);
        return new Tensor(storage, (int[])t.ShapeArray.Clone());
    }

    /// <summary>A dense copy of any strided view (same dtype, same device).</summary>
    public static Tensor Contiguous(Tensor t)
    {
        var dst = Empty(t.Device, t.DType, t.ShapeArray);
        var d = DeviceOf(t);
        var l = Layout(t, "Contiguous");
        int n = t.NumEl;
        switch (t.DType)
        {
            case DType.Float32: GpuLaunch.Run(d, ElementwiseKernels.Gather, n, Gpu(t).View<float>(), l, Gpu(dst).View<float>()); break;
            case DType.Float64: GpuLaunch.Run(d, ElementwiseKernels.Gather, n, Gpu(t).View<double>(), l, Gpu(dst).View<double>()); break;
            case DType.Int64: GpuLaunch.Run(d, ElementwiseKernels.Gather, n, Gpu(t).View<long>(), l, Gpu(dst).View<long>()); break;
            case DType.Int32: GpuLaunch.Run(d, ElementwiseKernels.Gather, n, Gpu(t).View<int>(), l, Gpu(dst).View<int>()); break;
            default: GpuLaunch.Run(d, ElementwiseKernels.Gather, n, Gpu(t).View<byte>(), l, Gpu(dst).View<byte>()); break;
        }
        return dst;
    }

    /// <summary>Writes the dense tensor <paramref name="src"/> (same shape and dtype) into the view <paramref name="dst"/>.</summary>
    public static void WriteInto(Tensor dst, Tensor src)
    {
        if (src.Storage is not GpuStorage) src = ToDevice(src, dst.Device);
        if (src.Device != dst.Device)
            throw new InvalidOperationException($"Copy_: Expected all tensors to be on the same device, but found at least two devices, {dst.Device} and {src.Device}.");
        if (!src.IsContiguous) src = Contiguous(src);
        var d = DeviceOf(dst);
        var l = Layout(dst, "Copy_");
        int n = dst.NumEl, o = src.Offset;
        switch (dst.DType)
        {
            case DType.Float32: GpuLaunch.Run(d, ElementwiseKernels.Scatter, n, Gpu(src).View<float>().SubView(o, n), Gpu(dst).View<float>(), l); break;
            case DType.Float64: GpuLaunch.Run(d, ElementwiseKernels.Scatter, n, Gpu(src).View<double>().SubView(o, n), Gpu(dst).View<double>(), l); break;
            case DType.Int64: GpuLaunch.Run(d, ElementwiseKernels.Scatter, n, Gpu(src).View<long>().SubView(o, n), Gpu(dst).View<long>(), l); break;
            case DType.Int32: GpuLaunch.Run(d, ElementwiseKernels.Scatter, n, Gpu(src).View<int>().SubView(o, n), Gpu(dst).View<int>(), l); break;
            default: GpuLaunch.Run(d, ElementwiseKernels.Scatter, n, Gpu(src).View<byte>().SubView(o, n), Gpu(dst).View<byte>(), l); break;
        }
    }

    /// <summary>Sets every element of the view <paramref name="t"/> to <paramref name="value"/>.</summary>
    public static void Fill(Tensor t, double value)
    {
        var d = DeviceOf(t);
        var l = Layout(t, "Fill_");
        int n = t.NumEl;
        switch (t.DType)
        {
            case DType.Float32: GpuLaunch.Run(d, ElementwiseKernels.Fill, n, Gpu(t).View<float>(), l, (float)value); break;
            case DType.Float64: GpuLaunch.Run(d, ElementwiseKernels.Fill, n, Gpu(t).View<double>(), l, value); break;
            case DType.Int64: GpuLaunch.Run(d, ElementwiseKernels.Fill, n, Gpu(t).View<long>(), l, (long)value); break;
            case DType.Int32: GpuLaunch.Run(d, ElementwiseKernels.Fill, n, Gpu(t).View<int>(), l, (int)value); break;
            default: GpuLaunch.Run(d, ElementwiseKernels.Fill, n, Gpu(t).View<byte>(), l, value != 0 ? (byte)1 : (byte)0); break;
        }
    }

    /// <summary>A dense copy converted to <paramref name="dtype"/>.</summary>
    public static Tensor Convert(Tensor t, DType dtype)
    {
        var dst = Empty(t.Device, dtype, t.ShapeArray);
        var l = Layout(t, "To(dtype)");
        switch (t.DType)
        {
            case DType.Float32: ConvertFrom<float, Float32Codec>(t, l, dst); break;
            case DType.Float64: ConvertFrom<double, Float64Codec>(t, l, dst); break;
            case DType.Int64: ConvertFrom<long, Int64Codec>(t, l, dst); break;
            case DType.Int32: ConvertFrom<int, Int32Codec>(t, l, dst); break;
            default: ConvertFrom<byte, BoolCodec>(t, l, dst); break;
        }
        return dst;
    }

    private static void ConvertFrom<TIn, TRead>(Tensor src, StridedLayout l, Tensor dst)
        where TIn : unmanaged where TRead : struct, IElementCodec<TIn>
    {
        var d = DeviceOf(src);
        var x = Gpu(src).View<TIn>();
        int n = src.NumEl;
        switch (dst.DType)
        {
            case DType.Float32: GpuLaunch.Run(d, ElementwiseKernels.Convert<TIn, float, TRead, Float32Codec>, n, x, l, Gpu(dst).View<float>()); break;
            case DType.Float64: GpuLaunch.Run(d, ElementwiseKernels.Convert<TIn, double, TRead, Float64Codec>, n, x, l, Gpu(dst).View<double>()); break;
            case DType.Int64: GpuLaunch.Run(d, ElementwiseKernels.Convert<TIn, long, TRead, Int64Codec>, n, x, l, Gpu(dst).View<long>()); break;
            case DType.Int32: GpuLaunch.Run(d, ElementwiseKernels.Convert<TIn, int, TRead, Int32Codec>, n, x, l, Gpu(dst).View<int>()); break;
            default: GpuLaunch.Run(d, ElementwiseKernels.Convert<TIn, byte, TRead, BoolCodec>, n, x, l, Gpu(dst).View<byte>()); break;
        }
    }
}
