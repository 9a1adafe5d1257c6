using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Emit;
using GraphGen.Generator.Facts;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GraphGen.Generator
{
    /// <summary>
    /// The incremental pipeline: find [Module] classes, parse each into equatable data, build and check its
    /// graph, fuse it into kernels and differentiate those (each an equatable plan, computed once per module),
    /// then emit the plumbing and each backend's code. Diagnostics leave through their own output, so moving
    /// code does not regenerate kernels.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ModuleGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var parsed = context.SyntaxProvider
                .ForAttributeWithMetadataName(KnownTypes.ModuleAttributeName,
                    predicate: static (node, _) => node is ClassDeclarationSyntax,
                    transform: ModuleParser.Parse)
                .WithTrackingName(TrackingNames.Parse);

            var analyzed = parsed.Select(ModuleAnalyzer.Analyze).WithTrackingName(TrackingNames.Analyze);

            var diagnostics = analyzed.Select(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.Diagnostics);
            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (var d in list) spc.ReportDiagnostic(d.ToDiagnostic());
            });

            var models = analyzed.Select(static (r, _) => r.Model).Where(static m => m is not null).WithTrackingName(TrackingNames.Model);
            // The facts the call-site analyzers read (GG04xx), a file of their own: they change only when the graph does.
            var facts = models.Select(static (m, _) => ModuleFactsBuilder.Build(m!)).Where(static f => f is not null).WithTrackingName(TrackingNames.Facts);
            context.RegisterSourceOutput(facts, static (spc, f) => spc.AddSource(f!.HintName + ".Facts.g.cs", ModuleFactsEmitter.Emit(f)));

            var fused = models.Select(static (m, ct) => KernelPlanner.Fuse(m!, ct)).WithTrackingName(TrackingNames.Fuse);
            var planned = fused.Select(BackwardPlanner.Differentiate).WithTrackingName(TrackingNames.Differentiate);
            context.RegisterSourceOutput(planned, static (spc, plan) => SourceOutput.Emit(spc, plan));
        }
    }
}
