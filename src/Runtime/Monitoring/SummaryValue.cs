namespace GraphGen.Monitoring;

/// <summary>One Summary.Value: a tag and the one kind of value it carries (or only metadata).</summary>
public sealed record SummaryValue(
    string Tag,
    float? SimpleValue,
    HistogramValue? Histogram,
    TensorValue? Tensor,
    SummaryMetadataValue? Metadata);
