namespace GraphGen.Bench.SideBySide;

/// <summary>Timing of one (runner, model, mode, thread count) cell.</summary>
/// <param name="MedianMicroseconds">Median over repeats of each repeat's mean time per call.</param>
/// <param name="MeanMicroseconds">Total time over total calls, all repeats together.</param>
/// <param name="AllocatedBytesPerCall">Managed bytes allocated on the calling thread per call.</param>
/// <param name="Cold">True when the only call timed was the first one (slower than the cell budget).</param>
public sealed record Measurement(double MedianMicroseconds, double MeanMicroseconds, double AllocatedBytesPerCall,
    int CallsPerRepeat, int Repeats, bool Cold = false);
