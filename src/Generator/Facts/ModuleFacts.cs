using GraphGen.Generator.Model;

namespace GraphGen.Generator.Facts
{
    /// <summary>
    /// What the generator publishes about a compiled module for the call-site analyzers (as
    /// <c>[GraphGen.ModuleFacts]</c> on its generated part): where the class is, what Forward returns
    /// (<see cref="Output"/> is a <c>GraphGen.ModuleOutput</c> member name), the output's constant last
    /// dimension (0: unknown), whether it holds a Dropout, and the constraints on its constructor parameters.
    /// </summary>
    internal sealed record ModuleFacts(
        string? Namespace,
        string Name,
        string HintName,
        EquatableArray<string> ContainingTypes,
        string Output,
        long OutputFeatures,
        bool HasDropout,
        EquatableArray<string> Constraints);
}
