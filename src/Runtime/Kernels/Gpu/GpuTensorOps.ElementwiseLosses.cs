using GraphGen.Nn;

namespace GraphGen.Kernels.Gpu;

internal static partial class GpuTensorOps
{
    /// <summary>
    /// An elementwise loss (L1, BCE, BCE with logits) on the device, as the CPU's <c>ElementwiseLoss</c> does it: one
    /// kernel writes each element's loss and its derivatives (saved), the reduction is a device sum, and the backward
    /// scales the saved derivatives by the upstream gradient. <paramref name="weight"/> and <paramref name="posWeight"/>
    /// broadcast against the input and are read in place through their strides.
    /// </summary>
    public static Tensor ElementwiseLoss<TRule>(string loss, string nodeName, Tensor input, Tensor target, Tensor? weight, Tensor? posWeight,
        Reduction reduction, bool checkDomain = false) where TRule : struct, IElementwiseLossRule<float>, IElementwiseLossRule<double>
    {
        Nn.ElementwiseLoss.CheckTypesAndShapes(loss, input, target);
        input.EnsureSameDevice(target, loss);
        RequireFloating(input, loss);
        return input.DType == DType.Float64
            ? ElementwiseLoss<double, TRule>(loss, nodeName, input, target, weight, posWeight, reduction, checkDomain)
            : ElementwiseLoss<float, TRule>(loss, nodeName, input, target, weight, posWeight, reduction, checkDomain);
    }

    private static Tensor ElementwiseLoss<T, TRule>(string loss, string nodeName, Tensor input, Tensor target, Tensor? weight, Tensor? posWeight,
        Reduction reduction, bool checkDomain) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> where TRule : struct, IElementwiseLossRule<T>
    {
        var dtype = input.DType;
        var lw = new LossWeights();
        Tensor? w = null, pw = null;
        if (weight is not null)
        {
            Nn.ElementwiseLoss.CheckBroadcast(loss, "weight", weight, input);
            input.EnsureSameDevice(weight, loss);
            w = weight.DType == dtype ? weight.Detach() : Convert(weight.Detach(), dtype);
            lw.HasWeight = 1;
            lw.Weight = LayoutAs(w, input.ShapeArray, loss);
        }
        if (posWeight is not null)
        {
            Nn.ElementwiseLoss.CheckBroadcast(loss, "pos_weight", posWeight, input);
            input.EnsureSameDevice(posWeight, loss);
            pw = posWeight.DType == dtype ? posWeight.Detach() : Convert(posWeight.Detach(), dtype);
            lw.HasPosWeight = 1;
            lw.PosWeight = LayoutAs(pw, input.ShapeArray, loss);
        }
        var x = Dense(input.Detach());
        var t = Dense(target.DType == dtype ? target.Detach() : Convert(target.Detach(), dtype));
        var device = input.Device;
        var shape = input.ShapeArray;
        int n = x.NumEl;
        var values = Empty(device, dtype, shape);
        var dInput = Empty(device, dtype, shape);
        var dTarget = Empty(device, dtype, shape);
        var error = Empty(device, DType.Int32, [1], clear: true);
        GpuLaunch.Run(DeviceOf(values), LossKernels.Elementwise<T, TRule>, n, Gpu(x).View<T>().SubView(x.Offset, n), Gpu(t).View<T>().SubView(t.Offset, n),
            Gpu(w ?? x).View<T>(), Gpu(pw ?? x).View<T>(), lw, Gpu(values).View<T>(), Gpu(dInput).View<T>(), Gpu(dTarget).View<T>(), Gpu(error).View<int>());
        if (checkDomain && error.ToArray<int>()[0] != 0)
        {
            // Only on failure: find the first offending element on the host to name it, as the CPU check does.
            var host = x.ToArray<double>();
            int bad = Array.FindIndex(host, v => !(v >= 0 && v <= 1));
            if (bad >= 0)
                throw new ArgumentException($"{loss}: all elements of input should be between 0 and 1, but element {bad} is {host[bad]} (apply Sigmoid first, or use BCEWithLogitsLoss on raw scores).", nameof(input));
            var targets = t.ToArray<double>();
            bad = Array.FindIndex(targets, v => !(v >= 0 && v <= 1));
            throw new ArgumentException($"{loss}: all elements of target should be between 0 and 1, but element {bad} is {targets[bad]} (targets are probabilities).", nameof(target));
        }

        Tensor result;
        using (Autograd.NoGrad())
        {
            result = reduction switch
            {
                Reduction.None => values,
                Reduction.Sum => SumAll(values),
                _ => SumAll(values) / (double)n, // 0/0 = NaN for an empty input, as in PyTorch
            };
        }
        double scale = reduction == Reduction.Mean ? 1.0 / n : 1.0;
        bool needTarget = target.RequiresGrad;
        return Autograd.Record(nodeName, result, g =>
        {
            var up = reduction == Reduction.None ? g : g.Reshape([]);
            var gx = dInput * up * scale;
            var gt = needTarget ? (dTarget * up * scale).To(target.DType) : null;
            return [gx, gt];
        }, input, target);
    }

    private static Tensor Dense(Tensor t) => t.IsContiguous ? t : Contiguous(t);
}
