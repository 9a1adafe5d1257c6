namespace GraphGen.Monitoring;

/// <summary>What a training thread hands to an <see cref="EventFileWriter"/>'s background thread.</summary>
internal enum QueuedEventKind
{
    Scalar,
    /// <summary>Payload: a float[] or double[] copy of the values (bucketed on the background thread).</summary>
    Histogram,
    /// <summary>Payload: the string.</summary>
    Text,
    /// <summary>Tag: the summary tag; Payload: a (plugin name, content) pair.</summary>
    Plugin,
    /// <summary>Payload: the serialized GraphDef.</summary>
    Graph,
    /// <summary>Payload: a TaskCompletionSource completed once everything before it is on disk.</summary>
    Flush,
}

/// <summary>
/// One pending write, a struct so that queuing a scalar allocates nothing; encoding happens on the
/// background thread.
/// </summary>
internal readonly record struct QueuedEvent(
    QueuedEventKind Kind,
    double WallTime,
    long? Step,
    string? Tag,
    double Scalar,
    object? Payload);
