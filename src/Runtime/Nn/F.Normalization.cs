using System.Numerics;
using GraphGen.Kernels.Cpu;

namespace GraphGen.Nn;

public static partial class F
{
    /// <summary>
    /// Batch normalisation (PyTorch's <c>F.batch_norm</c>) over input [N, C, *]: per channel, (x − mean)/√(var + eps)·weight
    /// + bias. When <paramref name="training"/>, mean and (biased) variance are the batch's, over every dim but 1, and the
    /// running statistics, if given, are updated in place: new = (1 − momentum)·old + momentum·batch statistic, the
    /// variance unbiased (·n/(n−1)). Otherwise the running statistics normalise. Recorded as <c>NativeBatchNormBackward0</c>.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null,
        Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(input);
        const string op = "BatchNorm";
        if (input.Rank < 2)
            throw new ArgumentException($"{op}: expected an input of shape [N, C, *] (at least 2-D) but got input of shape {input.Shape}.", nameof(input));
        LayerOperands.Check(op, ("input", input), ("running_mean", runningMean), ("running_var", runningVar), ("weight", weight), ("bias", bias));
        int n = input.ShapeArray[0], c = input.ShapeArray[1], spatial = 1;
        for (int d = 2; d < input.Rank; d++) spatial *= input.ShapeArray[d];
        foreach (var (name, t) in new[] { ("running_mean", runningMean), ("running_var", runningVar), ("weight", weight), ("bias", bias) })
            if (t is not null && (t.Rank != 1 || t.ShapeArray[0] != c))
                throw new ArgumentException($"{op}: expected {name} of shape [{c}] (one per channel of the input {input.Shape}) but got shape {t.Shape}.", name);
        if (!(eps > 0))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{op}: eps must be positive but got {PythonRepr.Float(eps)}.");
        if (training && (long)n * spatial <= 1)
            throw new ArgumentException($"{op}: expected more than 1 value per channel when training, got input of shape {input.Shape}.", nameof(input));
        if (!training && (runningMean is null || runningVar is null))
            throw new ArgumentException($"{op}: running_mean and running_var are needed when not training (got {(runningMean is null ? "no running_mean" : "no running_var")}).", runningMean is null ? nameof(runningMean) : nameof(runningVar));
        if (input.Storage is GpuStorage)
            return Kernels.Gpu.GpuTensorOps.BatchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps, n, c, spatial);
        return input.DType == DType.Float64
            ? BatchNorm<double>(input, runningMean, runningVar, weight, bias, training, momentum, eps, n, c, spatial)
            : BatchNorm<float>(input, runningMean, runningVar, weight, bias, training, momentum, eps, n, c, spatial);
    }

    /// <summary>
    /// Layer normalisation (PyTorch's <c>F.layer_norm</c>) over the last dims of <paramref name="input"/>, which must equal
    /// <paramref name="normalizedShape"/>: (x − mean)/√(var + eps)·weight + bias, mean and biased variance per
    /// sample; weight and bias have shape normalizedShape. Recorded as <c>NativeLayerNormBackward0</c>.
    /// </summary>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(normalizedShape);
        const string op = "LayerNorm";
        LayerOperands.Check(op, ("input", input), ("weight", weight), ("bias", bias));
        int k = normalizedShape.Length;
        if (k == 0 || k > input.Rank || !input.ShapeArray.AsSpan(input.Rank - k).SequenceEqual(normalizedShape))
            throw new ArgumentException($"{op}: given normalized_shape={Shape.Format(normalizedShape)}, expected input with shape [*, {string.Join(", ", normalizedShape)}], but got input of shape {input.Shape}.", nameof(input));
        foreach (var (name, t) in new[] { ("weight", weight), ("bias", bias) })
            if (t is not null && !t.ShapeArray.AsSpan().SequenceEqual(normalizedShape))
                throw new ArgumentException($"{op}: expected {name} of shape {Shape.Format(normalizedShape)} (the normalized_shape) but got shape {t.Shape}.", name);
        if (!(eps > 0))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{op}: eps must be positive but got {PythonRepr.Float(eps)}.");
        int d = 1;
        foreach (int s in normalizedShape) d *= s;
        if (d == 0)
            throw new ArgumentException($"{op}: normalized_shape={Shape.Format(normalizedShape)} holds no elements to normalise.", nameof(normalizedShape));
        if (input.Storage is GpuStorage) return Kernels.Gpu.GpuTensorOps.LayerNorm(input, weight, bias, d, eps);
        return input.DType == DType.Float64
            ? LayerNorm<double>(input, weight, bias, d, eps)
            : LayerNorm<float>(input, weight, bias, d, eps);
    }

    private static Tensor BatchNorm<T>(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool training, double momentum, double eps, int n, int c, int spatial)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = LayerOperands.Data<T>(input);
        var w = LayerOperands.DataOrEmpty<T>(weight);
        var b = LayerOperands.DataOrEmpty<T>(bias);
        var y = new T[input.NumEl];
        var mean = new T[c];
        var invStd = new T[c];
        if (training)
        {
            var variance = new T[c];
            Normalization.BatchNormTrainForward(x, w, b, n, c, spatial, T.CreateTruncating(eps), y, mean, variance, invStd);
            if (runningMean is not null && runningVar is not null)
                UpdateRunningStats(runningMean, runningVar, mean, variance, momentum, (long)n * spatial);
        }
        else
        {
            var rv = LayerOperands.Data<T>(runningVar!);
            LayerOperands.Data<T>(runningMean!).CopyTo(mean);
            for (int i = 0; i < c; i++) invStd[i] = T.One / T.Sqrt(rv[i] + T.CreateTruncating(eps));
            Normalization.BatchNormEvalForward(x, w, b, LayerOperands.Data<T>(runningMean!), rv, n, c, spatial, T.CreateTruncating(eps), y);
        }
        return Autograd.Record("NativeBatchNormBackward0", LayerOperands.Wrap(y, input.ShapeArray), (grad, needs) =>
        {
            var dx = needs[0] ? new T[input.NumEl] : [];
            var dw = needs[1] ? new T[c] : [];
            var db = needs[2] ? new T[c] : [];
            Normalization.BatchNormBackward(LayerOperands.Data<T>(grad), LayerOperands.Data<T>(input), LayerOperands.DataOrEmpty<T>(weight),
                mean, invStd, n, c, spatial, training, dx, dw, db);
            return [needs[0] ? LayerOperands.Wrap(dx, input.ShapeArray) : null,
                needs[1] ? LayerOperands.Wrap(dw, [c]) : null,
                needs[2] ? LayerOperands.Wrap(db, [c]) : null];
        }, input, weight, bias).Saving(input, weight);
    }

    /// <summary>running = (1 − momentum)·running + momentum·batch, the variance made unbiased; in place, outside autograd.</summary>
    private static void UpdateRunningStats<T>(Tensor runningMean, Tensor runningVar, T[] mean, T[] variance, double momentum, long count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T unbias = T.CreateTruncating(count / (double)(count - 1));
        var unbiased = new T[variance.Length];
        for (int i = 0; i < variance.Length; i++) unbiased[i] = variance[i] * unbias;
        using var _ = Autograd.NoGrad();
        runningMean.Mul_(1 - momentum).Add_(Tensor.Wrap(mean, mean.Length) * momentum);
        runningVar.Mul_(1 - momentum).Add_(Tensor.Wrap(unbiased, unbiased.Length) * momentum);
    }

    private static Tensor LayerNorm<T>(Tensor input, Tensor? weight, Tensor? bias, int d, double eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = input.NumEl / d;
        var y = new T[input.NumEl];
        var mean = new T[rows];
        var rstd = new T[rows];
        Normalization.LayerNormForward(LayerOperands.Data<T>(input), LayerOperands.DataOrEmpty<T>(weight), LayerOperands.DataOrEmpty<T>(bias),
            d, T.CreateTruncating(eps), y, mean, rstd);
        return Autograd.Record("NativeLayerNormBackward0", LayerOperands.Wrap(y, input.ShapeArray), (grad, needs) =>
        {
            var dx = needs[0] ? new T[input.NumEl] : [];
            var dw = needs[1] ? new T[d] : [];
            var db = needs[2] ? new T[d] : [];
            Normalization.LayerNormBackward(LayerOperands.Data<T>(grad), LayerOperands.Data<T>(input), LayerOperands.DataOrEmpty<T>(weight),
                mean, rstd, d, dx, dw, db);
            return [needs[0] ? LayerOperands.Wrap(dx, input.ShapeArray) : null,
                needs[1] ? LayerOperands.Wrap(dw, weight!.ShapeArray) : null,
                needs[2] ? LayerOperands.Wrap(db, bias!.ShapeArray) : null];
        }, input, weight, bias).Saving(input, weight);
    }
}
