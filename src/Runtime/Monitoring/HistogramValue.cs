namespace GraphGen.Monitoring;

/// <summary>
/// TensorBoard's HistogramProto: summary statistics plus parallel arrays of bucket right edges and
/// counts. Bucket i covers (BucketLimits[i-1], BucketLimits[i]]; the first bucket is open to the left.
/// </summary>
public sealed record HistogramValue(
    double Min,
    double Max,
    double Num,
    double Sum,
    double SumSquares,
    IReadOnlyList<double> BucketLimits,
    IReadOnlyList<double> BucketCounts);
