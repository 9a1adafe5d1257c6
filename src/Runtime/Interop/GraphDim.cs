namespace GraphGen.Interop;

/// <summary>
/// A symbolic dimension of a <see cref="CompiledGraph"/>: a coefficient times named sizes (<c>12</c>, <c>B</c>,
/// <c>hidden</c>, <c>2*B</c>). <c>B</c> is the batch; a size given to the constructor has its value in
/// <see cref="CompiledGraph.Sizes"/>; any other symbol (an input's features, a quotient) is known only from an input.
/// </summary>
public sealed class GraphDim
{
    /// <summary>The batch size symbol.</summary>
    public const string Batch = "B";

    public GraphDim(long coefficient, params string[] symbols)
    {
        Coefficient = coefficient;
        Symbols = symbols;
    }

    public long Coefficient { get; }

    public IReadOnlyList<string> Symbols { get; }

    public override string ToString() =>
        Symbols.Count == 0 ? Coefficient.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : (Coefficient == 1 ? "" : Coefficient.ToString(System.Globalization.CultureInfo.InvariantCulture) + "*") + string.Join("*", Symbols);
}
