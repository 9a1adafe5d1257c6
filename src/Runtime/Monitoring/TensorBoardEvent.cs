namespace GraphGen.Monitoring;

/// <summary>One decoded Event record of an event file.</summary>
/// <param name="Offset">Where the record starts in the file, in bytes.</param>
/// <param name="WallTime">Seconds since the Unix epoch.</param>
/// <param name="Step">The global step (0 when the writer gave none).</param>
/// <param name="FileVersion">Set on the first record of a file: "brain.Event:2".</param>
/// <param name="Summary">The summary's values, or null when the event carries no summary.</param>
/// <param name="GraphDef">The serialized GraphDef of a graph event (<see cref="SummaryWriter.AddGraph"/>), else null.</param>
public sealed record TensorBoardEvent(
    long Offset,
    double WallTime,
    long Step,
    string? FileVersion,
    IReadOnlyList<SummaryValue>? Summary,
    byte[]? GraphDef = null);
