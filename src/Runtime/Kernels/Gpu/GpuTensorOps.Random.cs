namespace GraphGen.Kernels.Gpu;

internal static partial class GpuTensorOps
{
    /// <summary>
    /// Inverted dropout on the device: the keep mask (scaled by 1/(1−p)) is drawn by a kernel from one seed taken
    /// from <paramref name="generator"/>, multiplied in, and saved for the backward (g·mask).
    /// </summary>
    public static Tensor Dropout(Tensor input, double p, RandomGenerator? generator)
    {
        RequireFloating(input, "Dropout");
        var mask = Empty(input.Device, DType.Float32, input.ShapeArray);
        ulong seed = (generator ?? RandomGenerator.Default).NextUInt64();
        bool wide = input.DType == DType.Float64;
        float keep = (float)(1 - p), scale = p == 1 ? 0f : wide ? 1f : (float)(1 / (1 - p));
        GpuLaunch.Run(DeviceOf(mask), RandomKernels.DropoutMask, mask.NumEl, Gpu(mask).View<float>(), seed, keep, scale);
        if (wide)
        {
            // A 0/1 mask widened, then scaled in double: 1/(1 − p) is not rounded to float32.
            using (Autograd.NoGrad()) mask = Convert(mask, DType.Float64) * (p == 1 ? 0.0 : 1 / (1 - p));
        }
        Tensor y;
        using (Autograd.NoGrad()) y = input * mask;
        return Autograd.Record("NativeDropoutBackward0", y, g => [g * mask], input);
    }
}
