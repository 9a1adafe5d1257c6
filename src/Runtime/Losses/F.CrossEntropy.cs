namespace GraphGen.Nn;

public static partial class F
{
    /// <summary>
    /// Cross entropy between logits and a target (PyTorch's <c>F.cross_entropy</c>): log-softmax over the class
    /// dimension followed by NLL, computed stably (logits of ±1000 are fine).
    /// </summary>
    /// <remarks>
    /// Shapes: input (C), (N, C) or (N, C, d1, ...). The target is either class indices (int64) of shape
    /// (), (N) or (N, d1, ...) — values in [0, C) or <paramref name="ignoreIndex"/> — or class probabilities
    /// (floating point) of the input's shape. <paramref name="weight"/> (C) rescales each class; with index
    /// targets, <see cref="Reduction.Mean"/> divides by the summed weights of the non-ignored targets, with
    /// probability targets by the number of samples (as PyTorch). <paramref name="labelSmoothing"/> ε in
    /// [0, 1] mixes the target with the uniform distribution: (1-ε)·target + ε/C. Index targets take a
    /// fused path whose backward is softmax minus the (smoothed, weighted) one-hot.
    /// </remarks>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0)
    {
        const string loss = "CrossEntropyLoss";
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, $"{loss}: label_smoothing must be between 0.0 and 1.0. Got: {labelSmoothing}.");
        CheckReduction(reduction);
        if (input.Recycled is not null && Float32CrossEntropy.Applies(input, weight, labelSmoothing, reduction)
            && RecycledCrossEntropy.TryApply(input, target, ignoreIndex, reduction) is { } recycled)
            return recycled;
        if (target.DType.IsFloating() && input.Rank > 0 && target.Shape.Equals(input.Shape))
            return CrossEntropyWithProbabilities(input, target, weight, reduction, labelSmoothing);
        if (input.Storage is GpuStorage)
            return Kernels.Gpu.GpuTensorOps.CrossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
        var layout = ClassIndexLoss.Check(loss, input, target, weight, ignoreIndex);
        if (Float32CrossEntropy.Applies(input, weight, labelSmoothing, reduction))
            return Float32CrossEntropy.Apply(input, layout, ignoreIndex, reduction);
        var w = weight?.Detach().Contiguous().ToArray<double>();
        return ClassIndexLoss.CrossEntropy(input, layout, w, ignoreIndex, labelSmoothing, reduction);
    }

    /// <summary>
    /// Negative log likelihood of log-probabilities (PyTorch's <c>F.nll_loss</c>): -weight[y]·input[y] per sample.
    /// Shapes and the weighted mean are as in <see cref="CrossEntropy"/> with index targets.
    /// </summary>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, long ignoreIndex = -100, Reduction reduction = Reduction.Mean)
    {
        CheckReduction(reduction);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (input.Storage is GpuStorage)
            return Kernels.Gpu.GpuTensorOps.ClassIndexLoss(crossEntropy: false, input, target, weight, ignoreIndex, reduction, 0);
        var layout = ClassIndexLoss.Check("NLLLoss", input, target, weight, ignoreIndex);
        var w = weight?.Detach().Contiguous().ToArray<double>();
        return ClassIndexLoss.Nll(input, layout, w, ignoreIndex, reduction);
    }

    /// <summary>Soft targets: -Σ_c w_c·t_c·log softmax(x)_c per sample, built from differentiable ops so target and weight get gradients too.</summary>
    private static Tensor CrossEntropyWithProbabilities(Tensor input, Tensor target, Tensor? weight, Reduction reduction, double labelSmoothing)
    {
        const string loss = "CrossEntropyLoss";
        input.EnsureSameDevice(target, loss); // built from device ops, so it runs wherever the input lives
        if (weight is not null) input.EnsureSameDevice(weight, loss);
        if (!input.DType.IsFloating())
            throw new ArgumentException($"{loss}: expected a floating point input of class scores but got dtype {input.DType.TorchName()}.", nameof(input));
        int classDim = input.Rank == 1 ? 0 : 1;
        int classes = input.ShapeArray[classDim];
        ClassIndexLoss.CheckWeight(loss, weight, classes);
        var t = labelSmoothing > 0 ? target * (1 - labelSmoothing) + labelSmoothing / classes : target;
        var terms = input.LogSoftmax(classDim) * t;
        if (weight is not null)
        {
            var shape = Enumerable.Repeat(1, input.Rank).ToArray();
            shape[classDim] = classes;
            terms = terms * weight.Reshape(shape);
        }
        var perSample = -terms.Sum(classDim);
        return reduction switch
        {
            Reduction.None => perSample,
            Reduction.Sum => perSample.Sum(),
            _ => perSample.Sum() / (double)(classes == 0 ? 0 : input.NumEl / classes),
        };
    }

    private static void CheckReduction(Reduction reduction)
    {
        if (!Enum.IsDefined(reduction))
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "reduction must be Reduction.None, Reduction.Mean or Reduction.Sum.");
    }
}
