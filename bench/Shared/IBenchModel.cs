namespace GraphGen.Bench;

/// <summary>
/// A row of the side-by-side tables: an MLP (<see cref="ModelSpec"/>) or a CNN (<see cref="CnnSpec"/>). Its
/// <c>ToString()</c> is the row label.
/// </summary>
public interface IBenchModel
{
    /// <summary>Samples per training step.</summary>
    int Batch { get; }
}
