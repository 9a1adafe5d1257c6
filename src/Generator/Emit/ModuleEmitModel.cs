using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Emit
{
    /// <summary>A parameter as the state dict names it, with its symbolic shape (for the generated documentation).</summary>
    internal sealed record ParameterDoc(string Key, string Shape);

    /// <summary>
    /// Everything the emitters need, and nothing that changes when code merely moves (no locations): so an
    /// edit that does not change the module regenerates nothing. <see cref="Graph"/> is null when Forward
    /// could not be compiled (the diagnostics say why); the plumbing is still emitted so the class stays a Module.
    /// </summary>
    internal sealed record ModuleEmitModel(
        string? Namespace,
        string Name,
        string FullName,
        EquatableArray<string> ContainingTypes,
        EquatableArray<string> Registrations,
        EquatableArray<ParameterDoc> Parameters,
        EquatableArray<string> Inputs,
        ModuleGraph? Graph,
        bool EmitGetName = true,
        EquatableArray<string> ConstructorParameters = default)
    {
        /// <summary>The file name prefix: the namespace-qualified type name.</summary>
        public string HintName => FullName.Replace('<', '_').Replace('>', '_');
    }

    /// <summary>The analysis step's output: the emit model (when the class can be emitted) and every diagnostic.</summary>
    internal sealed record AnalysisResult(ModuleEmitModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>
    /// What the emitters read: the module's emit model with its kernel plan (the fusion step) and backward plan (the
    /// differentiation step), each computed once per module; both null when Forward has no compiled graph.
    /// </summary>
    internal sealed record ModulePlan(ModuleEmitModel Model, KernelPlan? Kernels, BackwardPlan? Backward);
}
