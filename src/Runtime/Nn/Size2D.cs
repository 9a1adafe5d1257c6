namespace GraphGen.Nn;

/// <summary>
/// A (height, width) size argument of a 2-D layer, written as PyTorch allows: an int for both sides
/// (<c>kernelSize: 3</c>) or a tuple (<c>kernelSize: (3, 2)</c>). It remembers which form was given,
/// because PyTorch prints the argument as it was passed (<c>kernel_size=2</c> vs <c>kernel_size=(2, 2)</c>).
/// </summary>
public readonly record struct Size2D(int Height, int Width)
{
    /// <summary>True when built from one int (printed as that int).</summary>
    public bool IsScalar { get; private init; }

    public static implicit operator Size2D(int size) => new(size, size) { IsScalar = true };

    public static implicit operator Size2D((int Height, int Width) size) => new(size.Height, size.Width);

    /// <summary>The size as PyTorch's repr prints it: <c>2</c> or <c>(2, 3)</c>.</summary>
    public override string ToString() => IsScalar ? Height.ToString(System.Globalization.CultureInfo.InvariantCulture) : PairRepr;

    /// <summary>The size as a Python tuple, <c>(2, 2)</c>, whichever form was given (how conv layers print).</summary>
    public string PairRepr => FormattableString.Invariant($"({Height}, {Width})");

    internal bool AnyNegative => Height < 0 || Width < 0;

    internal bool AnyBelowOne => Height < 1 || Width < 1;
}
