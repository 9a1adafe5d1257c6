using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace GraphGen.CodeFixes
{
    /// <summary>What the GG04xx code fixes share: the diagnostics each fixes, and fixing all occurrences in one batch.</summary>
    public abstract class CallSiteCodeFix : CodeFixProvider
    {
        private protected CallSiteCodeFix(params DiagnosticDescriptor[] fixes) =>
            FixableDiagnosticIds = fixes.Select(d => d.Id).ToImmutableArray();

        public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

        public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;
    }
}
