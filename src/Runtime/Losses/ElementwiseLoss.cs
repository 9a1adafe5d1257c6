namespace GraphGen.Nn;

/// <summary>
/// The shared machinery of losses defined element by element (MSE, L1, BCE, BCE with logits): validates
/// shapes and dtypes, evaluates a per-element rule (loss and its derivatives with respect to input and
/// target, in double precision), reduces, and records one autograd node that scales the saved
/// derivatives by the upstream gradient — the reduction and broadcast handled once, here.
/// </summary>
internal static class ElementwiseLoss
{
    /// <summary>Loss and derivatives of one element: x = input, t = target, i = flat index (for weights).</summary>
    public delegate (double Loss, double DInput, double DTarget) Rule(double x, double t, int i);

    public static Tensor Apply(string loss, string nodeName, Tensor input, Tensor target, Reduction reduction, Rule rule)
    {
        CheckPair(loss, input, target);
        var x = input.Detach().Contiguous().ToArray<double>();
        var t = target.Detach().Contiguous().ToArray<double>();
        int n = x.Length;
        var values = new double[n];
        var dInput = new double[n];
        var dTarget = target.RequiresGrad ? new double[n] : null;
        for (int i = 0; i < n; i++)
        {
            var (l, dx, dt) = rule(x[i], t[i], i);
            values[i] = l;
            dInput[i] = dx;
            if (dTarget is not null) dTarget[i] = dt;
        }

        var dtype = input.DType;
        var shape = input.Shape.ToArray();
        Tensor result = reduction switch
        {
            Reduction.None => Tensor.From<double>(values, shape, dtype),
            Reduction.Sum => Tensor.Scalar(Sum(values), dtype),
            _ => Tensor.Scalar(n == 0 ? double.NaN : Sum(values) / n, dtype),
        };
        double scale = reduction == Reduction.Mean ? 1.0 / n : 1.0;
        return Autograd.Record(nodeName, result, g =>
        {
            // Upstream is a scalar for mean/sum and input-shaped for none; both broadcast against the saved derivatives.
            var up = reduction == Reduction.None ? g : g.Reshape([]);
            var gx = Tensor.From<double>(dInput, shape, dtype) * up * scale;
            var gt = dTarget is null ? null : Tensor.From<double>(dTarget, shape, target.DType) * up * scale;
            return [gx, gt];
        }, input, target);
    }

    /// <summary>Pairwise-free but compensated sum: float64 accumulation is already far below float32 rounding.</summary>
    private static double Sum(double[] values)
    {
        double s = 0;
        foreach (double v in values) s += v;
        return s;
    }

    /// <summary>Input and target must be floating tensors of the same shape on the CPU.</summary>
    public static void CheckPair(string loss, Tensor input, Tensor target)
    {
        CheckTypesAndShapes(loss, input, target);
        input.EnsureCpu(loss);
        target.EnsureCpu(loss);
    }

    /// <summary>Input and target must be floating tensors of the same shape (on any one device).</summary>
    public static void CheckTypesAndShapes(string loss, Tensor input, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (!input.DType.IsFloating())
            throw new ArgumentException($"{loss}: expected a floating point input but got dtype {input.DType.TorchName()}.", nameof(input));
        if (!target.DType.IsFloating())
            throw new ArgumentException($"{loss}: expected a floating point target (the same dtype as the input, {input.DType.TorchName()}) but got dtype {target.DType.TorchName()}.", nameof(target));
        if (!input.Shape.Equals(target.Shape))
            throw new ArgumentException($"{loss}: target shape {target.Shape} does not match input shape {input.Shape}; they must be equal (a broadcast target is almost always a bug, so reshape it explicitly).", nameof(target));
    }

    /// <summary>
    /// A per-class weight expanded to the input's shape as doubles (PyTorch broadcasts it against the input),
    /// or null. Names <paramref name="what"/> and both shapes when it does not broadcast.
    /// </summary>
    public static double[]? Broadcast(string loss, string what, Tensor? weight, Tensor input)
    {
        if (weight is null) return null;
        CheckBroadcast(loss, what, weight, input);
        using var _ = Autograd.NoGrad();
        return weight.Expand(input.ShapeArray).Contiguous().ToArray<double>();
    }

    /// <summary>A weight must be floating and broadcast to the input's shape; names <paramref name="what"/> and both shapes otherwise.</summary>
    public static void CheckBroadcast(string loss, string what, Tensor weight, Tensor input)
    {
        if (!weight.DType.IsFloating())
            throw new ArgumentException($"{loss}: {what} must be a floating point tensor but has dtype {weight.DType.TorchName()}.", what);
        int[] outShape;
        try { outShape = Shape.Broadcast(input.ShapeArray, weight.ShapeArray, loss); }
        catch (ArgumentException) { outShape = []; }
        if (!outShape.AsSpan().SequenceEqual(input.ShapeArray))
            throw new ArgumentException($"{loss}: {what} of shape {weight.Shape} cannot be broadcast to the input's shape {input.Shape}.", what);
    }
}
