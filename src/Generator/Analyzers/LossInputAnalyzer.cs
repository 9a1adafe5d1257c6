using System.Collections.Generic;
using System.Collections.Immutable;
using GraphGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>
    /// GG0401/GG0402: a loss fed a [Module]'s output of the wrong kind (its published <c>ModuleFacts.Output</c>):
    /// probabilities into CrossEntropyLoss or BCEWithLogitsLoss (which expect logits) or into NLLLoss (which expects
    /// log-probabilities); log-probabilities into CrossEntropyLoss, as information. The diagnostic's properties tell
    /// the code fix what it may do, and its additional location is the final activation in the module's source.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LossInputAnalyzer : CallSiteAnalyzer
    {
        /// <summary>Property: the fix that edits the module ("Remove" the final activation, or "UseLogSoftmax").</summary>
        public const string ModuleFix = "ModuleFix";

        /// <summary>Property: the loss that matches the module's output as it is, for the fix that switches losses.</summary>
        public const string MatchingLoss = "MatchingLoss";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.ProbabilitiesIntoLoss, DiagnosticDescriptors.LogSoftmaxIntoCrossEntropy);

        private protected override void Register(CompilationStartAnalysisContext context, RuntimeSymbols symbols)
        {
            context.RegisterOperationAction(c => Analyze(c, (IInvocationOperation)c.Operation, symbols), OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, IInvocationOperation invocation, RuntimeSymbols symbols)
        {
            if (LossOf(invocation, symbols) is not { } loss || invocation.Arguments.Length == 0) return;
            var input = invocation.Arguments[0].Value;
            if (ModuleOutputTracer.Producer(input) is not { } module || ModuleFactsView.Of(module, symbols) is not { } facts) return;

            string family = loss.Family;
            if (family == "CrossEntropy" && facts.Output == "LogProbabilities")
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LogSoftmaxIntoCrossEntropy, input.Syntax.GetLocation(), loss.Name, module.Name));
                return;
            }

            string? activation = facts.Output switch { "Probabilities" => "Softmax", "SigmoidProbabilities" => "Sigmoid", _ => null };
            if (activation is null) return;
            string expected;
            string advice;
            string? moduleFix;
            string? matching = null;
            switch (family)
            {
                case "CrossEntropy":
                    expected = "logits";
                    advice = $"remove the final {activation} ({loss.Name} applies LogSoftmax itself)";
                    moduleFix = "Remove";
                    break;
                case "BCEWithLogits":
                    expected = "logits";
                    moduleFix = "Remove";
                    if (activation == "Sigmoid")
                    {
                        matching = loss.IsFunction ? "BinaryCrossEntropy" : "BCELoss";
                        advice = $"remove the final Sigmoid, or use {(loss.IsFunction ? "F." : "")}{matching}";
                    }
                    else advice = "remove the final Softmax";
                    break;
                case "NLL" when activation == "Softmax":
                    expected = "log-probabilities";
                    advice = "end the module in LogSoftmax instead of Softmax";
                    moduleFix = "UseLogSoftmax";
                    break;
                default:
                    return;
            }

            var target = FinalActivationLocator.Find(module, activation);
            var properties = new Dictionary<string, string?> { [ModuleFix] = target is null ? null : moduleFix, [MatchingLoss] = matching };
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProbabilitiesIntoLoss, input.Syntax.GetLocation(),
                target is null ? null : new[] { target.GetLocation() }, properties.ToImmutableDictionary(),
                loss.Name, expected, module.Name, activation, activation == "Sigmoid" ? "probabilities (0 to 1)" : "probabilities", advice));
        }

        private sealed record LossKind(string Name, string Family, bool IsFunction);

        /// <summary>The loss an invocation computes: <c>criterion.Call(output, target)</c> on a loss module, or its F.* function.</summary>
        private static LossKind? LossOf(IInvocationOperation invocation, RuntimeSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (symbols.IsFunctional(method.ContainingType))
            {
                return method.Name switch
                {
                    "CrossEntropy" => new LossKind("F.CrossEntropy", "CrossEntropy", true),
                    "NllLoss" => new LossKind("F.NllLoss", "NLL", true),
                    "BinaryCrossEntropyWithLogits" => new LossKind("F.BinaryCrossEntropyWithLogits", "BCEWithLogits", true),
                    _ => null,
                };
            }

            if (method.Name is not ("Call" or "Forward")) return null;
            var type = OperationQueries.Unwrap(invocation.Instance)?.Type;
            if (RuntimeSymbols.IsNnType(type, "CrossEntropyLoss")) return new LossKind("CrossEntropyLoss", "CrossEntropy", false);
            if (RuntimeSymbols.IsNnType(type, "NLLLoss")) return new LossKind("NLLLoss", "NLL", false);
            if (RuntimeSymbols.IsNnType(type, "BCEWithLogitsLoss")) return new LossKind("BCEWithLogitsLoss", "BCEWithLogits", false);
            return null;
        }
    }
}
