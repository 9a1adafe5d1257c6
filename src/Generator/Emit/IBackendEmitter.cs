namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// A backend's code for a module: <c>{Type}.{Suffix}.g.cs</c>. The CPU backend is the default; the ILGPU
    /// backend plugs in here, over the same kernel plan (Fusion/) and backward plan (Autodiff/), with the
    /// elementwise ops' scalar expressions (Ops/) reused in its kernel bodies.
    /// </summary>
    internal interface IBackendEmitter
    {
        /// <summary>The file name part: <c>Cpu</c>, <c>Gpu</c>.</summary>
        string Suffix { get; }

        /// <summary>The source text, or null when the module has no compiled graph.</summary>
        string? Emit(ModulePlan plan);

        /// <summary>
        /// What to emit instead when <see cref="Emit"/> fails: a file with which the backend declines at run time (the
        /// module still builds), or null when the module cannot do without this backend (its failure is GG0099).
        /// </summary>
        string? Fallback(ModuleEmitModel model, string reason);
    }
}
