namespace GraphGen.Monitoring;

/// <summary>Everything an event file holds: its complete records, and any incomplete last record.</summary>
/// <param name="Events">Every complete, checksum-verified record, in file order.</param>
/// <param name="TruncatedTailOffset">
/// Where an incomplete last record starts (a writer killed mid-write leaves one), or null when the
/// file ends cleanly after a record.
/// </param>
/// <param name="TruncatedTailLength">How many bytes that incomplete record has.</param>
public sealed record EventFileContents(
    IReadOnlyList<TensorBoardEvent> Events,
    long? TruncatedTailOffset,
    long TruncatedTailLength)
{
    /// <summary>Whether the file ends in an incomplete record.</summary>
    public bool IsTruncated => TruncatedTailOffset is not null;
}
