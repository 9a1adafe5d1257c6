using System.Collections.Immutable;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>
    /// GG0403: a loop that calls Backward and an optimizer's Step but no ZeroGrad (of an optimizer or a module), so
    /// gradients accumulate across iterations. GG0404: a ZeroGrad whose nearest Backward/Step neighbours in source
    /// order are a Backward before and a Step after, so it erases what Step needs. Intraprocedural, over one body.
    /// The additional location of both is the Backward call (where the fix puts ZeroGrad).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TrainingLoopAnalyzer : CallSiteAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.MissingZeroGrad, DiagnosticDescriptors.ZeroGradBeforeStep);

        private protected override void Register(CompilationStartAnalysisContext context, RuntimeSymbols symbols)
        {
            context.RegisterOperationBlockAction(c => Analyze(c, symbols));
        }

        private enum Event { Backward, Step, ZeroGrad }

        private static void Analyze(OperationBlockAnalysisContext context, RuntimeSymbols symbols)
        {
            var operations = OperationQueries.Flatten(context.OperationBlocks);
            var events = operations.OfType<IInvocationOperation>()
                .Select(i => (Invocation: i, Kind: Classify(i, symbols)))
                .Where(e => e.Kind is not null)
                .Select(e => (e.Invocation, Kind: e.Kind!.Value))
                .ToList();
            if (!events.Any(e => e.Kind == Event.Step)) return;

            var loops = operations.OfType<ILoopOperation>().ToList();
            foreach (var (step, _) in events.Where(e => e.Kind == Event.Step))
            {
                var loop = loops.Where(l => OperationQueries.Within(step, l)
                        && events.Any(e => e.Kind == Event.Backward && OperationQueries.Within(e.Invocation, l)))
                    .OrderBy(l => l.Syntax.Span.Length).FirstOrDefault();
                if (loop is null || events.Any(e => e.Kind == Event.ZeroGrad && OperationQueries.Within(e.Invocation, loop))) continue;
                var backward = events.First(e => e.Kind == Event.Backward && OperationQueries.Within(e.Invocation, loop)).Invocation;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingZeroGrad, step.Syntax.GetLocation(),
                    new[] { backward.Syntax.GetLocation() }, Receiver(step)));
            }

            for (int i = 1; i < events.Count - 1; i++)
            {
                if (events[i].Kind != Event.ZeroGrad) continue;
                var before = events.Take(i).LastOrDefault(e => e.Kind != Event.ZeroGrad);
                var after = events.Skip(i + 1).FirstOrDefault(e => e.Kind != Event.ZeroGrad);
                if (before.Invocation is null || after.Invocation is null || before.Kind != Event.Backward || after.Kind != Event.Step) continue;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ZeroGradBeforeStep, events[i].Invocation.Syntax.GetLocation(),
                    new[] { before.Invocation.Syntax.GetLocation() }, Receiver(events[i].Invocation), Receiver(after.Invocation)));
            }
        }

        private static Event? Classify(IInvocationOperation invocation, RuntimeSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (method.Name == "Backward" && symbols.IsTensor(method.ContainingType)) return Event.Backward;
            if (method.Name == "Step" && symbols.IsOptimizer(method.ContainingType)) return Event.Step;
            if (method.Name == "ZeroGrad" && (symbols.IsOptimizer(method.ContainingType) || symbols.IsModule(method.ContainingType))) return Event.ZeroGrad;
            return null;
        }

        private static string Receiver(IInvocationOperation invocation) => invocation.Instance?.Syntax.ToString() ?? invocation.TargetMethod.ContainingType.Name;
    }
}
