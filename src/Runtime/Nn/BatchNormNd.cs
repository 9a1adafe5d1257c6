namespace GraphGen.Nn;

/// <summary>
/// What BatchNorm1d and BatchNorm2d share (PyTorch's <c>_BatchNorm</c>): weight (ones) and bias (zeros) when affine,
/// and the buffers running_mean (zeros), running_var (ones) and num_batches_tracked (int64 0) when tracking running
/// statistics — all in the state dict under PyTorch's names.
/// </summary>
/// <remarks>
/// In training mode (or without running statistics) each call normalises with the batch's statistics and, when
/// tracking, updates the running ones and counts the batch; with <c>momentum: null</c> the running statistics are the
/// cumulative average (momentum 1/num_batches_tracked). In eval mode the running statistics normalise.
/// </remarks>
public abstract class BatchNormNd : Module
{
    private protected BatchNormNd(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats)
    {
        if (numFeatures < 1) throw new ArgumentOutOfRangeException(nameof(numFeatures), numFeatures, $"{GetName()}: num_features must be 1 or more.");
        if (!(eps > 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{GetName()}: eps must be positive but got {PythonRepr.Float(eps)}.");
        if (momentum is double m && !(m >= 0 && m <= 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), m, $"{GetName()}: momentum must be between 0 and 1 (or null for a cumulative average) but got {PythonRepr.Float(m)}.");
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Affine = affine;
        TrackRunningStats = trackRunningStats;
        RegisterParameter("weight", affine ? Tensor.Ones([numFeatures]) : null);
        RegisterParameter("bias", affine ? Tensor.Zeros([numFeatures]) : null);
        RegisterBuffer("running_mean", trackRunningStats ? Tensor.Zeros([numFeatures]) : null);
        RegisterBuffer("running_var", trackRunningStats ? Tensor.Ones([numFeatures]) : null);
        RegisterBuffer("num_batches_tracked", trackRunningStats ? Tensor.Zeros([], DType.Int64) : null);
    }

    public int NumFeatures { get; }

    public double Eps { get; }

    /// <summary>The running statistics' update weight; null for a cumulative average.</summary>
    public double? Momentum { get; }

    public bool Affine { get; }

    public bool TrackRunningStats { get; }

    public Tensor? Weight => GetParameter("weight");

    public Tensor? Bias => GetParameter("bias");

    public Tensor? RunningMean => GetBuffer("running_mean");

    public Tensor? RunningVar => GetBuffer("running_var");

    public Tensor? NumBatchesTracked => GetBuffer("num_batches_tracked");

    /// <summary>Throws unless the input's rank is one this layer takes (with PyTorch's message).</summary>
    private protected abstract void CheckInputRank(Tensor input);

    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInputRank(input);
        if (input.ShapeArray[1] != NumFeatures)
            throw new ArgumentException($"{GetName()}: expected input with {NumFeatures} channels (num_features) in dim 1 but got input of shape {input.Shape}.", nameof(input));
        double momentum = Momentum ?? 0;
        if (Training && NumBatchesTracked is { } tracked)
        {
            using (Autograd.NoGrad()) tracked.Add_(Tensor.Scalar(1L));
            if (Momentum is null) momentum = 1.0 / tracked.Item<long>();
        }
        bool useBatchStats = Training || RunningMean is null;
        return F.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, useBatchStats, momentum, Eps);
    }

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() =>
        $"{NumFeatures}, eps={PythonRepr.Float(Eps)}, momentum={(Momentum is double m ? PythonRepr.Float(m) : "None")}, affine={PythonRepr.Bool(Affine)}, track_running_stats={PythonRepr.Bool(TrackRunningStats)}";
}
