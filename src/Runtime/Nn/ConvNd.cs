namespace GraphGen.Nn;

/// <summary>
/// What Conv1d and Conv2d share (PyTorch's <c>_ConvNd</c>): the checked hyper-parameters, the weight
/// [out_channels, in_channels/groups, *kernel_size] and bias [out_channels], their initialisation, and the repr.
/// </summary>
/// <remarks>
/// Initialisation is PyTorch's <c>reset_parameters</c>: kaiming_uniform_(a=√5) for the weight and the same bound for
/// the bias, i.e. both ~ U(−1/√fan_in, 1/√fan_in) with fan_in = in_channels/groups · ∏kernel_size, weight first.
/// </remarks>
public abstract class ConvNd : Module
{
    private protected ConvNd(string name, int inChannels, int outChannels, int[] kernelSize, int[] stride,
        ConvPadding padding, int[] dilation, int groups, bool bias, RandomGenerator? generator)
    {
        if (inChannels < 1) throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, $"{name}: in_channels must be 1 or more.");
        if (outChannels < 1) throw new ArgumentOutOfRangeException(nameof(outChannels), outChannels, $"{name}: out_channels must be 1 or more.");
        if (groups < 1) throw new ArgumentOutOfRangeException(nameof(groups), groups, $"{name}: groups must be a positive integer but got {groups}.");
        if (inChannels % groups != 0)
            throw new ArgumentException($"{name}: in_channels must be divisible by groups, but in_channels={inChannels} and groups={groups}.", nameof(groups));
        if (outChannels % groups != 0)
            throw new ArgumentException($"{name}: out_channels must be divisible by groups, but out_channels={outChannels} and groups={groups}.", nameof(groups));
        if (kernelSize.Any(k => k < 1))
            throw new ArgumentOutOfRangeException(nameof(kernelSize), Tuple(kernelSize), $"{name}: kernel_size must be 1 or more but got {Tuple(kernelSize)}.");
        if (stride.Any(s => s < 1))
            throw new ArgumentOutOfRangeException(nameof(stride), Tuple(stride), $"{name}: stride must be 1 or more but got {Tuple(stride)}.");
        if (dilation.Any(d => d < 1))
            throw new ArgumentOutOfRangeException(nameof(dilation), Tuple(dilation), $"{name}: dilation must be 1 or more but got {Tuple(dilation)}.");
        if (padding.Size.AnyNegative)
            throw new ArgumentOutOfRangeException(nameof(padding), padding, $"{name}: padding must be 0 or more but got {padding}.");
        if (padding.IsSame && stride.Any(s => s != 1))
            throw new ArgumentException($"{name}: padding='same' is not supported for strided convolutions (got stride={Tuple(stride)}).", nameof(padding));
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
        int fanIn = inChannels / groups * kernelSize.Aggregate(1, (a, k) => a * k);
        double bound = 1.0 / Math.Sqrt(fanIn);
        RegisterParameter("weight", Tensor.Uniform([outChannels, inChannels / groups, .. kernelSize], -bound, bound, generator));
        RegisterParameter("bias", bias ? Tensor.Uniform([outChannels], -bound, bound, generator) : null);
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public IReadOnlyList<int> KernelSize { get; }

    public IReadOnlyList<int> Stride { get; }

    public ConvPadding Padding { get; }

    public IReadOnlyList<int> Dilation { get; }

    public int Groups { get; }

    /// <summary>The [out_channels, in_channels/groups, *kernel_size] weight.</summary>
    public Tensor Weight => GetParameter("weight")!;

    /// <summary>The [out_channels] bias, or null when constructed with <c>bias: false</c>.</summary>
    public Tensor? Bias => GetParameter("bias");

    /// <summary>The explicit padding per spatial dim (unused in "same" mode).</summary>
    private protected abstract IReadOnlyList<int> PaddingSizes { get; }

    protected override string ExtraRepr()
    {
        var s = $"{InChannels}, {OutChannels}, kernel_size={Tuple(KernelSize)}, stride={Tuple(Stride)}";
        if (Padding.Mode is { } mode) s += $", padding={mode}";
        else if (PaddingSizes.Any(p => p != 0)) s += $", padding={Tuple(PaddingSizes)}";
        if (Dilation.Any(d => d != 1)) s += $", dilation={Tuple(Dilation)}";
        if (Groups != 1) s += $", groups={Groups}";
        if (Bias is null) s += ", bias=False";
        return s;
    }

    /// <summary>A Python tuple: <c>(3,)</c>, <c>(3, 3)</c>.</summary>
    private static string Tuple(IReadOnlyList<int> values) => values.Count == 1 ? $"({values[0]},)" : $"({string.Join(", ", values)})";
}
