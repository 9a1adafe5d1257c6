namespace GraphGen;

/// <summary>
/// A snapshot of a <see cref="RandomGenerator"/> (PyTorch's <c>Generator.get_state()</c>): the four xoshiro256**
/// words and the second normal of a Box–Muller pair if one is waiting. Restoring it continues the same stream.
/// </summary>
public sealed record RandomGeneratorState(ulong S0, ulong S1, ulong S2, ulong S3, double? SpareGaussian);
