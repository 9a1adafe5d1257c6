using System.Collections.Immutable;
using System.Linq;
using GraphGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>
    /// Likely bugs in how a [Module] is written: GG0409 <c>F.Dropout</c> in Forward without the training flag;
    /// GG0410 Softmax/LogSoftmax/Mean over dim 0 (the batch of Forward's [batch, features] input) in Forward or as a
    /// layer of the module; GG0411 (information) a Linear fed straight by a Linear, in a Sequential or in Forward.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ForwardBodyAnalyzer : CallSiteAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.DropoutWithoutTraining, DiagnosticDescriptors.ReductionOverBatch, DiagnosticDescriptors.ConsecutiveLinear);

        private protected override void Register(CompilationStartAnalysisContext context, RuntimeSymbols symbols)
        {
            context.RegisterOperationAction(c => AnalyzeInvocation(c, (IInvocationOperation)c.Operation, symbols), OperationKind.Invocation);
            context.RegisterOperationAction(c => AnalyzeCreation(c, (IObjectCreationOperation)c.Operation, symbols), OperationKind.ObjectCreation);
        }

        private static bool InModule(ISymbol container, RuntimeSymbols symbols) => symbols.IsGeneratedModule(container.ContainingType);

        private static bool InForward(ISymbol container, RuntimeSymbols symbols) => container.Name == "Forward" && InModule(container, symbols);

        private static void AnalyzeInvocation(OperationAnalysisContext context, IInvocationOperation invocation, RuntimeSymbols symbols)
        {
            if (!InForward(context.ContainingSymbol, symbols)) return;
            var method = invocation.TargetMethod;
            if (symbols.IsFunctional(method.ContainingType) && method.Name == "Dropout" && OperationQueries.ExplicitArgument(invocation.Arguments, "training") is null)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DropoutWithoutTraining, invocation.Syntax.GetLocation(), invocation.Syntax.ToString()));

            bool reduces = (symbols.IsFunctional(method.ContainingType) && method.Name is "Softmax" or "LogSoftmax")
                || (symbols.IsTensor(method.ContainingType) && method.Name is "Softmax" or "LogSoftmax" or "Mean");
            if (reduces) ReportBatchDim(context, invocation.Arguments, invocation.Syntax.ToString());

            if (method.Name is "Call" or "Forward" && IsLinear(invocation.Instance) && invocation.Arguments.Length == 1
                && FedBy(invocation.Arguments[0].Value) is { } previous && IsLinear(previous.Instance))
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConsecutiveLinear, invocation.Syntax.GetLocation(),
                    invocation.Instance!.Syntax.ToString(), previous.Instance!.Syntax.ToString()));
        }

        private static void AnalyzeCreation(OperationAnalysisContext context, IObjectCreationOperation creation, RuntimeSymbols symbols)
        {
            if ((RuntimeSymbols.IsNnType(creation.Type, "Softmax") || RuntimeSymbols.IsNnType(creation.Type, "LogSoftmax")) && InModule(context.ContainingSymbol, symbols))
                ReportBatchDim(context, creation.Arguments, creation.Syntax.ToString());

            if (!RuntimeSymbols.IsNnType(creation.Type, "Sequential")) return;
            var layers = creation.Arguments.SelectMany(a => OperationQueries.Unwrap(a.Value) is IArrayCreationOperation { Initializer: { } init }
                ? init.ElementValues.Select(OperationQueries.Unwrap) : new[] { OperationQueries.Unwrap(a.Value) }).ToList();
            for (int i = 1; i < layers.Count; i++)
                if (IsLinearCreation(layers[i - 1]) && IsLinearCreation(layers[i]))
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConsecutiveLinear, layers[i]!.Syntax.GetLocation(),
                        layers[i]!.Syntax.ToString(), layers[i - 1]!.Syntax.ToString()));
        }

        private static void ReportBatchDim(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, string text)
        {
            var dim = OperationQueries.ExplicitArgument(arguments, "dim");
            if (dim is { ConstantValue: { HasValue: true, Value: 0 } })
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReductionOverBatch, dim.Syntax.GetLocation(), text));
        }

        private static bool IsLinear(IOperation? layer) => RuntimeSymbols.IsNnType(OperationQueries.Unwrap(layer)?.Type, "Linear");

        private static bool IsLinearCreation(IOperation? layer) => layer is IObjectCreationOperation && RuntimeSymbols.IsNnType(layer.Type, "Linear");

        /// <summary>The layer call that produced an argument: the call itself, or the one that initialised the local it reads.</summary>
        private static IInvocationOperation? FedBy(IOperation argument)
        {
            var value = OperationQueries.Unwrap(argument);
            if (value is ILocalReferenceOperation local)
            {
                var root = value;
                while (root.Parent is not null) root = root.Parent;
                var declarators = root.DescendantsAndSelf().OfType<IVariableDeclaratorOperation>().Where(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local.Local)).ToList();
                bool reassigned = root.DescendantsAndSelf().OfType<ISimpleAssignmentOperation>()
                    .Any(a => a.Target is ILocalReferenceOperation t && SymbolEqualityComparer.Default.Equals(t.Local, local.Local));
                value = declarators.Count == 1 && !reassigned ? OperationQueries.Unwrap(declarators[0].Initializer?.Value) : null;
            }

            return value is IInvocationOperation { TargetMethod.Name: "Call" or "Forward" } call ? call : null;
        }
    }
}
