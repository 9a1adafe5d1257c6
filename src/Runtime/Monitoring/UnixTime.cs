namespace GraphGen.Monitoring;

/// <summary>Wall-clock time as TensorBoard stores it: seconds since the Unix epoch, as a double.</summary>
internal static class UnixTime
{
    public static double Now() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond;
}
