namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The sizes and switches of one batch-norm launch over [Batch, Channels, Spatial] data (Spatial = the positions after
/// the channel dim, 1 for [N, C]). Flags are ints (1 = yes) as the device sees them: whether weight and bias are
/// present, whether the batch statistics normalised (training), and which parameter gradients are wanted.
/// </summary>
public struct BatchNormArgs
{
    public int Batch, Channels, Spatial;
    public int HasWeight, HasBias, Training;
    public int WantWeightGradient, WantBiasGradient;

    /// <summary>N·S, the values each channel's statistics are over.</summary>
    public readonly int Count => Batch * Spatial;
}
