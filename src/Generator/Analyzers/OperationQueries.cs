using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>The questions the call-site analyzers ask of a method body's operations, answered once here.</summary>
    internal static class OperationQueries
    {
        /// <summary>The operation under implicit conversions and parentheses.</summary>
        public static IOperation? Unwrap(IOperation? operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation { IsImplicit: true } c:
                        operation = c.Operand;
                        break;
                    case IParenthesizedOperation p:
                        operation = p.Operand;
                        break;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>The local, field, parameter or property an expression reads, or null for anything else.</summary>
        public static ISymbol? ReferencedSymbol(IOperation? operation) => Unwrap(operation) switch
        {
            ILocalReferenceOperation l => l.Local,
            IFieldReferenceOperation f => f.Field,
            IParameterReferenceOperation p => p.Parameter,
            IPropertyReferenceOperation p => p.Property,
            _ => null,
        };

        /// <summary>Every operation of the blocks (a method, a constructor, top-level statements), in source order.</summary>
        public static List<IOperation> Flatten(ImmutableArray<IOperation> blocks) =>
            blocks.SelectMany(b => b.DescendantsAndSelf()).OrderBy(o => o.Syntax.SpanStart).ToList();

        /// <summary>An invocation of an instance method <paramref name="name"/> on <paramref name="receiver"/> (any receiver when null).</summary>
        public static bool Calls(IInvocationOperation invocation, string name, ISymbol? receiver = null) =>
            invocation.TargetMethod.Name == name && (receiver is null || SymbolEqualityComparer.Default.Equals(ReferencedSymbol(invocation.Instance), receiver));

        /// <summary>The value passed for parameter <paramref name="name"/>, or null when it was left to its default.</summary>
        public static IOperation? ExplicitArgument(ImmutableArray<IArgumentOperation> arguments, string name)
        {
            foreach (var a in arguments)
                if (a.Parameter?.Name == name && a.ArgumentKind != ArgumentKind.DefaultValue) return a.Value;
            return null;
        }

        /// <summary>The statement that contains <paramref name="operation"/> directly in a block.</summary>
        public static IOperation? EnclosingStatement(IOperation operation)
        {
            for (var o = operation; o is not null; o = o.Parent)
                if (o.Parent is IBlockOperation) return o;
            return null;
        }

        /// <summary>Whether <paramref name="inner"/> lies within <paramref name="outer"/>'s syntax.</summary>
        public static bool Within(IOperation inner, IOperation outer) => outer.Syntax.Span.Contains(inner.Syntax.Span);
    }
}
