using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>
    /// The facts the generator published on a [Module] class (<c>[GraphGen.ModuleFacts]</c> on its generated part),
    /// as the analyzers read them. <see cref="Output"/> is the name of a <c>GraphGen.ModuleOutput</c> member.
    /// </summary>
    internal sealed class ModuleFactsView
    {
        private ModuleFactsView(string output, int outputFeatures, bool hasDropout, ImmutableArray<string> constraints)
        {
            Output = output;
            OutputFeatures = outputFeatures;
            HasDropout = hasDropout;
            Constraints = constraints;
        }

        public string Output { get; }

        public int OutputFeatures { get; }

        public bool HasDropout { get; }

        /// <summary><c>left == right: message</c>, as <see cref="ShapeConstraint.Parse"/> reads them.</summary>
        public ImmutableArray<string> Constraints { get; }

        /// <summary>The facts on <paramref name="type"/>, or null when it has none (not a [Module], or its Forward did not compile).</summary>
        public static ModuleFactsView? Of(ITypeSymbol? type, RuntimeSymbols symbols)
        {
            if (type is null || symbols.ModuleFactsAttribute is null) return null;
            foreach (var attribute in type.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.ModuleFactsAttribute)) continue;
                string output = "Unknown";
                int features = 0;
                bool dropout = false;
                var constraints = ImmutableArray<string>.Empty;
                foreach (var named in attribute.NamedArguments)
                {
                    var value = named.Value;
                    switch (named.Key)
                    {
                        case "Output" when value.Value is int kind:
                            output = OutputName(value.Type, kind);
                            break;
                        case "OutputFeatures" when value.Value is int f:
                            features = f;
                            break;
                        case "HasDropout" when value.Value is bool d:
                            dropout = d;
                            break;
                        case "Constraints" when value.Kind == TypedConstantKind.Array:
                            var list = new List<string>();
                            foreach (var item in value.Values)
                                if (item.Value is string s) list.Add(s);
                            constraints = list.ToImmutableArray();
                            break;
                    }
                }

                return new ModuleFactsView(output, features, dropout, constraints);
            }

            return null;
        }

        private static string OutputName(ITypeSymbol? enumType, int value)
        {
            if (enumType is not null)
                foreach (var member in enumType.GetMembers())
                    if (member is IFieldSymbol { HasConstantValue: true } field && field.ConstantValue is int v && v == value) return field.Name;
            return "Unknown";
        }
    }
}
