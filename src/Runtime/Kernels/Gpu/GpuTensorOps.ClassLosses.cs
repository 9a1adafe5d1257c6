using GraphGen.Nn;

namespace GraphGen.Kernels.Gpu;

internal static partial class GpuTensorOps
{
    /// <summary>
    /// Cross entropy (<paramref name="crossEntropy"/>) or NLL against int64 class indices on the device, for inputs (C),
    /// (N, C) or (N, C, d1, ...), with class weights, ignore_index and (cross entropy) label smoothing — the CPU's
    /// <c>ClassIndexLoss</c> semantics: mean divides by the summed weights of the non-ignored targets. One kernel per
    /// row forward, one closed-form backward.
    /// </summary>
    public static Tensor ClassIndexLoss(bool crossEntropy, Tensor input, Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction, double smoothing)
    {
        string loss = crossEntropy ? "CrossEntropyLoss" : "NLLLoss";
        ArgumentNullException.ThrowIfNull(target);
        if (!input.DType.IsFloating())
            throw new ArgumentException($"{loss}: expected a floating point input of class scores but got dtype {input.DType.TorchName()}.", nameof(input));
        if (input.Rank == 0)
            throw new ArgumentException($"{loss}: the input must have shape (C), (N, C) or (N, C, d1, ...) but is a scalar.", nameof(input));
        input.EnsureSameDevice(target, loss);
        if (weight is not null) input.EnsureSameDevice(weight, loss);
        RequireFloating(input, loss);
        int classDim = input.Rank == 1 ? 0 : 1;
        int c = input.ShapeArray[classDim];
        int n = input.Rank == 1 ? 1 : input.ShapeArray[0];
        int s = 1;
        for (int i = 2; i < input.Rank; i++) s *= input.ShapeArray[i];
        var expected = input.ShapeArray.Where((_, i) => i != classDim).ToArray();
        if (target.DType != DType.Int64)
            throw new ArgumentException($"{loss}: expected a target of class indices with dtype int64 but got {target.DType.TorchName()} (convert it with .To(DType.Int64)).", nameof(target));
        if (!target.Shape.Equals(new Shape(expected)))
            throw new ArgumentException($"{loss}: expected a target of shape {Shape.Format(expected)} (the input's shape {input.Shape} without the class dimension {classDim}) but got {target.Shape}.", nameof(target));
        Nn.ClassIndexLoss.CheckWeight(loss, weight, c);

        var args = new ClassLossArgs { Classes = c, Spatial = s, HasWeight = weight is null ? 0 : 1, IgnoreIndex = ignoreIndex, Smoothing = smoothing };
        return input.DType == DType.Float64
            ? ClassIndexLoss<double, Float64Math>(crossEntropy, input, target, weight, reduction, expected, n * s, args)
            : ClassIndexLoss<float, Float32Math>(crossEntropy, input, target, weight, reduction, expected, n * s, args);
    }

    private static Tensor ClassIndexLoss<T, TMath>(bool crossEntropy, Tensor input, Tensor target, Tensor? weight, Reduction reduction,
        int[] expected, int rows, ClassLossArgs args)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> where TMath : struct, IDeviceMath<T>
    {
        string loss = crossEntropy ? "CrossEntropyLoss" : "NLLLoss";
        var dtype = input.DType;
        int c = args.Classes;
        var x = Dense(input.Detach());
        var t = Dense(target);
        var w = weight is null ? null : Dense(weight.Detach().DType == dtype ? weight.Detach() : Convert(weight.Detach(), dtype));
        var device = input.Device;
        var d = DeviceOf(x);
        var probs = crossEntropy ? Empty(device, dtype, [rows, c]) : null;
        var losses = Empty(device, dtype, [rows]);
        var rowWeights = Empty(device, dtype, [rows]);
        var error = Empty(device, DType.Int32, [1], clear: true);
        var xv = Gpu(x).View<T>().SubView(x.Offset, x.NumEl);
        var tv = Gpu(t).View<long>().SubView(t.Offset, rows);
        var wv = w is null ? xv : Gpu(w).View<T>().SubView(w.Offset, c);
        if (crossEntropy)
            GpuLaunch.Run(d, LossKernels.CrossEntropyRows<T, TMath>, rows, xv, tv, wv, Gpu(probs!).View<T>(), Gpu(losses).View<T>(), Gpu(rowWeights).View<T>(), Gpu(error).View<int>(), args);
        else
            GpuLaunch.Run(d, LossKernels.NllRows<T>, rows, xv, tv, wv, Gpu(losses).View<T>(), Gpu(rowWeights).View<T>(), Gpu(error).View<int>(), args);
        if (error.ToArray<int>()[0] != 0)
        {
            var bad = t.ToArray<long>().First(v => v != args.IgnoreIndex && (v < 0 || v >= c));
            throw new ArgumentException($"{loss}: Target {bad} is out of bounds for {c} classes (valid class indices are 0 to {c - 1}, or ignore_index {args.IgnoreIndex}).", nameof(target));
        }

        Tensor result, denominator;
        using (Autograd.NoGrad())
        {
            denominator = SumAll(rowWeights);
            result = reduction switch
            {
                Reduction.None => losses.Reshape(expected),
                Reduction.Sum => SumAll(losses),
                _ => SumAll(losses) / denominator, // 0/0 = NaN when every target is ignored, as in PyTorch
            };
        }
        return Autograd.Record("NllLossBackward0", result, g =>
        {
            // The upstream gradient per row for 'none', one scalar otherwise (divided by the weight sum for 'mean').
            var scale = reduction switch
            {
                Reduction.None => g.Reshape(rows),
                Reduction.Sum => g.Reshape(1),
                _ => g.Reshape(1) / denominator,
            };
            scale = Dense(scale.DType == dtype ? scale : Convert(scale, dtype));
            var sv = Gpu(scale).View<T>().SubView(scale.Offset, scale.NumEl);
            int stride = reduction == Reduction.None ? 1 : 0;
            var dx = Empty(device, dtype, input.ShapeArray, clear: !crossEntropy);
            if (crossEntropy)
            {
                var total = w is null ? Tensor.Full([1], c, dtype, device) : SumAll(w).Reshape(1);
                GpuLaunch.Run(d, LossKernels.CrossEntropyRowsBackward<T, TMath>, rows * c, Gpu(probs!).View<T>(), tv, wv, Gpu(total).View<T>().SubView(total.Offset, 1), sv,
                    Gpu(dx).View<T>(), stride, args);
            }
            else
            {
                GpuLaunch.Run(d, LossKernels.NllRowsBackward<T>, rows, tv, wv, sv, Gpu(dx).View<T>(), stride, args);
            }
            return [dx];
        }, input);
    }
}
