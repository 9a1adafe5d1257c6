namespace GraphGen.Generator.Model
{
    /// <summary>
    /// A parsed [Module] class: where it lives, its layer fields in declaration order and its Forward.
    /// <see cref="Forward"/> is null when Forward is missing or could not be parsed (a diagnostic says why, or
    /// <see cref="HasSyntaxErrors"/>: the compiler reports those).
    /// </summary>
    internal sealed record ModuleSpec(
        string? Namespace,
        string Name,
        string FullName,
        EquatableArray<string> ContainingTypes,
        EquatableArray<string> ConstructorParameters,
        EquatableArray<LayerFieldSpec> Fields,
        ForwardSpec? Forward,
        bool CanEmit,
        bool HasErrors,
        bool HasSyntaxErrors,
        LocationInfo? Location,
        bool DeclaresGetName = false);

    /// <summary>What the parse step hands on: the spec (when the class can be emitted at all) and its diagnostics.</summary>
    internal sealed record ParseResult(ModuleSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
}
