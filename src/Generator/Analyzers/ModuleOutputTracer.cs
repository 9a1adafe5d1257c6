using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>
    /// Which [Module] produced a tensor, within one method body: <c>net.Call(x)</c> itself, or a local whose last
    /// assignment before the use is one. Intraprocedural and deliberately shallow: anything else is "unknown".
    /// </summary>
    internal static class ModuleOutputTracer
    {
        public static INamedTypeSymbol? Producer(IOperation value)
        {
            var operation = OperationQueries.Unwrap(value);
            if (operation is ILocalReferenceOperation local) operation = OperationQueries.Unwrap(LastAssignment(local));
            return operation is IInvocationOperation { TargetMethod.Name: "Call" or "Forward" } call
                ? OperationQueries.Unwrap(call.Instance)?.Type as INamedTypeSymbol
                : null;
        }

        /// <summary>The value last assigned to the local before <paramref name="use"/> in the same body.</summary>
        private static IOperation? LastAssignment(ILocalReferenceOperation use)
        {
            var root = use as IOperation;
            while (root.Parent is not null) root = root.Parent;
            IOperation? last = null;
            int lastStart = -1;
            foreach (var o in root.DescendantsAndSelf())
            {
                IOperation? value = o switch
                {
                    IVariableDeclaratorOperation d when SymbolEqualityComparer.Default.Equals(d.Symbol, use.Local) => d.Initializer?.Value,
                    ISimpleAssignmentOperation a when a.Target is ILocalReferenceOperation t && SymbolEqualityComparer.Default.Equals(t.Local, use.Local) => a.Value,
                    _ => null,
                };
                if (value is not null && o.Syntax.SpanStart < use.Syntax.SpanStart && o.Syntax.SpanStart > lastStart)
                {
                    last = value;
                    lastStart = o.Syntax.SpanStart;
                }
            }

            return last;
        }
    }
}
