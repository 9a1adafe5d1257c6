namespace GraphGen.Nn;

/// <summary>
/// What <see cref="Module.LoadStateDict"/> did not match (PyTorch's <c>_IncompatibleKeys</c>): the module's
/// keys the state dict lacked, and the state dict's keys the module does not have. Both are empty after a
/// strict load, which throws instead.
/// </summary>
public sealed record IncompatibleKeys(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys)
{
    /// <summary>True when every key matched.</summary>
    public bool IsEmpty => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0;

    /// <summary>PyTorch's repr: <c>_IncompatibleKeys(missing_keys=['a'], unexpected_keys=[])</c>, or <c>&lt;All keys matched successfully&gt;</c>.</summary>
    public override string ToString() => IsEmpty
        ? "<All keys matched successfully>"
        : $"_IncompatibleKeys(missing_keys=[{Quote(MissingKeys)}], unexpected_keys=[{Quote(UnexpectedKeys)}])";

    private static string Quote(IReadOnlyList<string> keys) => string.Join(", ", keys.Select(k => $"'{k}'"));
}
