namespace GraphGen.Nn;

/// <summary>
/// A convolution's padding as PyTorch takes it: an int or (height, width) tuple of zeros added on both
/// sides, or the strings <c>"valid"</c> (no padding) and <c>"same"</c> (the output keeps the input's
/// spatial size; stride 1 only; an odd total padding puts the extra zero at the bottom/right, as PyTorch).
/// </summary>
public readonly record struct ConvPadding
{
    private ConvPadding(Size2D size, string? mode)
    {
        Size = size;
        Mode = mode;
    }

    /// <summary>The explicit zeros per side (0 for "valid"; unused for "same").</summary>
    public Size2D Size { get; }

    /// <summary>"same", "valid", or null for explicit sizes.</summary>
    public string? Mode { get; }

    public bool IsSame => Mode == "same";

    public static implicit operator ConvPadding(int padding) => new(padding, null);

    public static implicit operator ConvPadding((int Height, int Width) padding) => new(padding, null);

    public static implicit operator ConvPadding(Size2D padding) => new(padding, null);

    /// <exception cref="ArgumentException">The string is not "same" or "valid".</exception>
    public static implicit operator ConvPadding(string mode) => mode switch
    {
        "same" => new ConvPadding(0, "same"),
        "valid" => new ConvPadding(0, "valid"),
        _ => throw new ArgumentException($"Invalid padding string '{mode}', should be one of ['valid', 'same'] (or pass an int or a (height, width) tuple).", nameof(mode)),
    };

    /// <summary>As PyTorch's repr prints it: <c>same</c>, <c>(1, 1)</c>.</summary>
    public override string ToString() => Mode ?? Size.PairRepr;

    /// <summary>Whether a conv repr mentions the padding (PyTorch omits all-zero explicit padding).</summary>
    internal bool IsDefault => Mode is null && Size.Height == 0 && Size.Width == 0;
}
