using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Analyzers
{
    /// <summary>The runtime types the call-site analyzers recognise, looked up once per compilation by metadata name.</summary>
    internal sealed class RuntimeSymbols
    {
        private RuntimeSymbols(Compilation compilation)
        {
            Tensor = compilation.GetTypeByMetadataName("GraphGen.Tensor");
            Autograd = compilation.GetTypeByMetadataName("GraphGen.Autograd");
            Module = compilation.GetTypeByMetadataName("GraphGen.Nn.Module");
            Functional = compilation.GetTypeByMetadataName("GraphGen.Nn.F");
            Optimizer = compilation.GetTypeByMetadataName("GraphGen.Optim.Optimizer");
            ModuleAttribute = compilation.GetTypeByMetadataName(Parsing.KnownTypes.ModuleAttributeName);
            ModuleFactsAttribute = compilation.GetTypeByMetadataName("GraphGen.ModuleFactsAttribute");
        }

        /// <summary>The symbols, or null when the compilation does not reference GraphGen (nothing to check).</summary>
        public static RuntimeSymbols? For(Compilation compilation)
        {
            var symbols = new RuntimeSymbols(compilation);
            return symbols.Tensor is null || symbols.Module is null ? null : symbols;
        }

        public INamedTypeSymbol? Tensor { get; }

        public INamedTypeSymbol? Autograd { get; }

        public INamedTypeSymbol? Module { get; }

        public INamedTypeSymbol? Functional { get; }

        public INamedTypeSymbol? Optimizer { get; }

        public INamedTypeSymbol? ModuleAttribute { get; }

        public INamedTypeSymbol? ModuleFactsAttribute { get; }

        public bool IsTensor(ITypeSymbol? type) => Is(type, Tensor);

        public bool IsFunctional(ITypeSymbol? type) => Is(type, Functional);

        public bool IsAutograd(ITypeSymbol? type) => Is(type, Autograd);

        public bool IsOptimizer(ITypeSymbol? type) => DerivesFrom(type, Optimizer);

        /// <summary>GraphGen.Nn.Module, its subclasses, and [Module] classes (whose base comes from generated code).</summary>
        public bool IsModule(ITypeSymbol? type) => DerivesFrom(type, Module) || IsGeneratedModule(type);

        public bool IsGeneratedModule(ITypeSymbol? type)
        {
            if (type is null || ModuleAttribute is null) return false;
            foreach (var a in type.GetAttributes())
                if (Is(a.AttributeClass, ModuleAttribute)) return true;
            return false;
        }

        /// <summary>True for the built-in layer <c>GraphGen.Nn.{name}</c> (Linear, Softmax, CrossEntropyLoss, ...).</summary>
        public static bool IsNnType(ITypeSymbol? type, string name) =>
            type is not null && type.Name == name && type.ContainingNamespace?.ToDisplayString() == Parsing.KnownTypes.NnNamespace;

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

        private static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
        {
            for (var t = type; t is not null; t = t.BaseType)
                if (Is(t, baseType)) return true;
            return false;
        }
    }
}
