using GraphGen.Nn;

namespace GraphGen.Kernels.Gpu;

internal static partial class GpuTensorOps
{
    /// <summary>
    /// Cross entropy of float32 logits (C) or (N, C) against int64 class indices on the same device: one
    /// kernel for softmax and per-row losses, one for the closed-form gradient softmax − one-hot. Class
    /// weights, label smoothing and (N, C, d1, ...) inputs take the general <see cref="ClassIndexLoss"/>.
    /// </summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction, double labelSmoothing)
    {
        const string loss = "CrossEntropyLoss";
        input.EnsureSameDevice(target, loss);
        if (weight is not null || labelSmoothing != 0 || input.Rank is not (1 or 2) || input.DType != DType.Float32)
            return ClassIndexLoss(crossEntropy: true, input, target, weight, ignoreIndex, reduction, labelSmoothing);
        RequireFloat32(input, loss);
        int c = input.ShapeArray[^1], rows = input.Rank == 1 ? 1 : input.ShapeArray[0];
        var expected = input.Rank == 1 ? Array.Empty<int>() : [rows];
        if (target.DType != DType.Int64)
            throw new ArgumentException($"{loss}: expected a target of class indices with dtype int64 but got {target.DType.TorchName()} (convert it with .To(DType.Int64)).", nameof(target));
        if (!target.Shape.Equals(new Shape(expected)))
            throw new ArgumentException($"{loss}: expected a target of shape {Shape.Format(expected)} (the input's shape {input.Shape} without the class dimension) but got {target.Shape}.", nameof(target));

        var x = input.Detach();
        x = x.IsContiguous ? x : Contiguous(x);
        var t = target.IsContiguous ? target : Contiguous(target);
        var device = input.Device;
        var probs = Empty(device, DType.Float32, [rows, c]);
        var losses = Empty(device, DType.Float32, [rows]);
        var counted = Empty(device, DType.Float32, [rows]);
        var error = Empty(device, DType.Int32, [1], clear: true);
        GpuLaunch.Run(DeviceOf(x), LossKernels.CrossEntropyForward, rows, Gpu(x).View<float>().SubView(x.Offset, x.NumEl),
            Gpu(t).View<long>().SubView(t.Offset, rows), Gpu(probs).View<float>(), Gpu(losses).View<float>(), Gpu(counted).View<float>(),
            Gpu(error).View<int>(), c, ignoreIndex);
        if (error.ToArray<int>()[0] != 0)
        {
            var bad = t.ToArray<long>().First(v => v != ignoreIndex && (v < 0 || v >= c));
            throw new ArgumentException($"{loss}: Target {bad} is out of bounds for {c} classes (valid class indices are 0 to {c - 1}, or ignore_index {ignoreIndex}).", nameof(target));
        }

        Tensor result, scale;
        using (Autograd.NoGrad())
        {
            switch (reduction)
            {
                case Reduction.None:
                    result = input.Rank == 1 ? losses.Reshape([]) : losses;
                    scale = OnesLike(losses);
                    break;
                case Reduction.Sum:
                    result = SumAll(losses);
                    scale = Tensor.Ones([1], DType.Float32, device);
                    break;
                default:
                    var count = SumAll(counted);
                    result = SumAll(losses) / count;
                    scale = (1.0 / count).Reshape(1);
                    break;
            }
        }
        return Autograd.Record("NllLossBackward0", result, g =>
        {
            // Per-row upstream for 'none', one scalar otherwise; times the mean's 1/count.
            var s = reduction == Reduction.None ? g.Reshape(rows) * scale : g.Reshape(1) * scale;
            var sc = s.IsContiguous ? s : Contiguous(s);
            var dx = Empty(device, DType.Float32, input.ShapeArray);
            GpuLaunch.Run(DeviceOf(dx), LossKernels.CrossEntropyBackward, rows * c, Gpu(probs).View<float>(), Gpu(t).View<long>().SubView(t.Offset, rows),
                Gpu(sc).View<float>().SubView(sc.Offset, sc.NumEl), Gpu(dx).View<float>(), c, reduction == Reduction.None ? 1 : 0, ignoreIndex);
            return [dx];
        }, input);
    }

    /// <summary>Mean squared error on the device, composed of device ops (autograd through them).</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction)
    {
        input.EnsureSameDevice(target, "MSELoss");
        if (!input.Shape.Equals(target.Shape))
            throw new ArgumentException($"MSELoss: target shape {target.Shape} does not match input shape {input.Shape}; they must be equal.", nameof(target));
        var diff = input - target;
        var sq = diff * diff;
        return reduction switch
        {
            Reduction.None => sq,
            Reduction.Sum => sq.Sum(),
            _ => sq.Mean(),
        };
    }

    private static Tensor OnesLike(Tensor t) => Tensor.OnesLike(t);
}
