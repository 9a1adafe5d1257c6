namespace GraphGen.Nn;

/// <summary>How a loss combines its per-element values (PyTorch's <c>reduction=</c> argument).</summary>
public enum Reduction
{
    /// <summary>No reduction: one loss per element (or per sample for class losses).</summary>
    None,

    /// <summary>The average; class losses with weights divide by the sum of the weights of the non-ignored targets.</summary>
    Mean,

    /// <summary>The sum.</summary>
    Sum,
}
