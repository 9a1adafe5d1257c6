using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Parsing
{
    /// <summary>The runtime types the parser recognises, looked up once per compilation by metadata name.</summary>
    internal sealed class KnownTypes
    {
        public const string ModuleAttributeName = "GraphGen.ModuleAttribute";
        public const string NnNamespace = "GraphGen.Nn";

        public KnownTypes(Compilation compilation)
        {
            Tensor = compilation.GetTypeByMetadataName("GraphGen.Tensor");
            Module = compilation.GetTypeByMetadataName("GraphGen.Nn.Module");
            Functional = compilation.GetTypeByMetadataName("GraphGen.Nn.F");
            ModuleAttribute = compilation.GetTypeByMetadataName(ModuleAttributeName);
        }

        public INamedTypeSymbol? Tensor { get; }

        public INamedTypeSymbol? Module { get; }

        public INamedTypeSymbol? Functional { get; }

        public INamedTypeSymbol? ModuleAttribute { get; }

        public bool IsTensor(ITypeSymbol? type) => type is not null && Tensor is not null && SymbolEqualityComparer.Default.Equals(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), Tensor);

        /// <summary>True for types marked [Module] (their Module base comes from generated code, so it is not visible here).</summary>
        public bool IsGeneratedModule(ITypeSymbol? type)
        {
            if (type is null || ModuleAttribute is null) return false;
            foreach (var a in type.GetAttributes())
                if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, ModuleAttribute)) return true;
            return false;
        }

        /// <summary>True for GraphGen.Nn.Module and everything derived from it, and for [Module] classes.</summary>
        public bool IsLayerType(ITypeSymbol? type)
        {
            if (type is null) return false;
            if (IsGeneratedModule(type)) return true;
            for (var t = type; t is not null; t = t.BaseType)
                if (Module is not null && SymbolEqualityComparer.Default.Equals(t, Module)) return true;
            return false;
        }

        /// <summary>What a GraphGen.Nn type is as a layer: an op's layer (by the ops' declared layer types), Identity or Sequential; otherwise null.</summary>
        public static Model.LayerKind? BuiltInLayer(ITypeSymbol type)
        {
            if (type.ContainingNamespace?.ToDisplayString() != NnNamespace) return null;
            if (Ops.OpRegistry.ForLayer(type.Name) is not null) return Model.LayerKind.Op;
            return type.Name switch
            {
                "Identity" => Model.LayerKind.Identity,
                "Sequential" => Model.LayerKind.Sequential,
                _ => null,
            };
        }
    }
}
