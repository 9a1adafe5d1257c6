using Microsoft.CodeAnalysis.Diagnostics;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>
    /// What every GG04xx analyzer shares: generated code is not analysed (the generator's output is its own business),
    /// analysis runs concurrently, and nothing is registered in a compilation that does not reference GraphGen.
    /// </summary>
    public abstract class CallSiteAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (RuntimeSymbols.For(start.Compilation) is { } symbols) Register(start, symbols);
            });
        }

        /// <summary>Registers the analyzer's actions for one compilation that references GraphGen.</summary>
        private protected abstract void Register(CompilationStartAnalysisContext context, RuntimeSymbols symbols);
    }
}
