using System.Numerics;

namespace GraphGen.Monitoring;

/// <summary>
/// The four things worth watching while tuning a network, one call each: the loss and its parts,
/// training and test metrics, per-parameter weight and gradient statistics, and the learning rate
/// (hyper-parameters go through <see cref="AddHparams"/>).
/// </summary>
public sealed partial class SummaryWriter
{
    /// <summary>The total loss as the scalar "loss/total".</summary>
    public void AddLoss(double total, long step) => AddScalar("loss/total", total, step);

    /// <summary>The total loss ("loss/total") of a one-element loss tensor.</summary>
    public void AddLoss(Tensor total, long step)
    {
        ArgumentNullException.ThrowIfNull(total);
        AddLoss(total.Item<double>(), step);
    }

    /// <summary>The total loss as "loss/total" and each component as "loss/&lt;name&gt;" (e.g. a data term and a penalty).</summary>
    public void AddLoss(double total, IReadOnlyDictionary<string, double>? components, long step)
    {
        double now = UnixTime.Now();
        AddScalar("loss/total", total, step, now);
        if (components is null) return;
        foreach (var (name, value) in components)
        {
            if (name == "total")
                throw new ArgumentException("A loss component may not be named \"total\": that tag holds the total loss.", nameof(components));
            AddScalar("loss/" + name, value, step, now);
        }
    }

    /// <summary>
    /// Metrics as "&lt;prefix&gt;/&lt;name&gt;", e.g. <c>AddMetrics("train", {accuracy, loss}, step)</c> and
    /// <c>AddMetrics("test", ...)</c> give the charts train/accuracy and test/accuracy.
    /// </summary>
    public void AddMetrics(string prefix, IReadOnlyDictionary<string, double> metrics, long step)
    {
        CheckTag(prefix);
        ArgumentNullException.ThrowIfNull(metrics);
        double now = UnixTime.Now();
        foreach (var (name, value) in metrics) AddScalar(prefix + "/" + name, value, step, now);
    }

    /// <summary>The learning rate as the scalar "learning_rate".</summary>
    public void AddLearningRate(double learningRate, long step) => AddScalar("learning_rate", learningRate, step);

    /// <summary>
    /// For each parameter (pass <c>module.NamedParameters()</c>): histograms "weights/&lt;name&gt;" and, when it
    /// has a gradient, "grads/&lt;name&gt;"; L2 norms as scalars "norms/weights/&lt;name&gt;" and "norms/grads/&lt;name&gt;";
    /// and the global norms over all parameters, "norms/weights" and "norms/grads" (the number gradient
    /// clipping looks at). A tensor with NaN or infinite values (or none at all) gets no histogram, but its norm is
    /// still written (as NaN or infinity), so divergence shows on the charts instead of stopping training.
    /// </summary>
    public void AddParameterStats(IEnumerable<(string Name, Tensor Parameter)> namedParameters, long step)
    {
        ArgumentNullException.ThrowIfNull(namedParameters);
        double now = UnixTime.Now();
        double weightSquares = 0, gradSquares = 0;
        bool anyGrad = false;
        foreach (var (name, parameter) in namedParameters)
        {
            ArgumentNullException.ThrowIfNull(parameter, $"parameter '{name}'");
            weightSquares += AddTensorStats("weights/", "norms/weights/", name, parameter, step, now);
            if (parameter.Grad is { } grad)
            {
                anyGrad = true;
                gradSquares += AddTensorStats("grads/", "norms/grads/", name, grad, step, now);
            }
        }
        AddScalar("norms/weights", Math.Sqrt(weightSquares), step, now);
        if (anyGrad) AddScalar("norms/grads", Math.Sqrt(gradSquares), step, now);
    }

    /// <summary>Queues the histogram and norm of one tensor; returns its sum of squares.</summary>
    private double AddTensorStats(string histogramPrefix, string normPrefix, string name, Tensor tensor, long step, double now)
    {
        CheckOnCpu(histogramPrefix + name, tensor);
        double squares = tensor.DType == DType.Float32
            ? QueueStats(histogramPrefix + name, tensor.Detach().ToArray<float>(), step, now)
            : QueueStats(histogramPrefix + name, tensor.Detach().ToArray<double>(), step, now);
        AddScalar(normPrefix + name, Math.Sqrt(squares), step, now);
        return squares;
    }

    /// <summary>Queues a histogram of the copy unless it holds no finite, bucketable value; returns its sum of squares.</summary>
    private double QueueStats<T>(string tag, T[] copy, long step, double now) where T : unmanaged, INumberBase<T>
    {
        double squares = 0, highest = TensorFlowHistogram.DefaultEdges[^1];
        bool finite = true, anyInBucketRange = false;
        foreach (T element in copy)
        {
            double v = double.CreateTruncating(element);
            squares += v * v;
            finite &= double.IsFinite(v);
            anyInBucketRange |= Math.Abs(v) <= highest;
        }
        if (finite && anyInBucketRange)
            _main.Enqueue(new QueuedEvent(QueuedEventKind.Histogram, now, step, tag, 0, copy));
        return squares;
    }
}
