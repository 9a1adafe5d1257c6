using System;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Graph
{
    /// <summary>
    /// The module whose Forward is being added to the graph: the root, or a [Module] child being inlined.
    /// For a child, <see cref="CallSite"/> is where the parent calls it (its diagnostics point there),
    /// <see cref="ChildRoot"/> reaches the outermost inlined child from <c>this</c> (its fields are private,
    /// so its layers are found by path, relative to <see cref="RootPrefix"/>), and <see cref="Substitute"/>
    /// rewrites its constructor parameters into the parent's terms.
    /// </summary>
    internal sealed record ModuleScope(
        ModuleSpec Spec,
        string PathPrefix,
        string Access,
        LocationInfo? CallSite,
        string? ChildRoot,
        string RootPrefix,
        Func<SymDim, SymDim> Substitute)
    {
        /// <summary>A dimension argument as a symbolic size: a constant, or a (substituted) constructor parameter.</summary>
        public SymDim? ToDim(ValueSpec value) => value.Kind switch
        {
            ValueKind.Constant when value.IsInteger => SymDim.Const((long)value.Number),
            ValueKind.Parameter => Substitute(SymDim.Symbol(value.Text)),
            _ => null,
        };

        /// <summary>The C# expression of the layer at <paramref name="path"/> (reached through <paramref name="access"/> in the root).</summary>
        public string LayerExpression(string type, string path, string access) =>
            ChildRoot is null
                ? $"({type}){access}"
                : $"global::GraphGen.Compiled.LayerLookup.Find<{type}>({ChildRoot}, \"{path.Substring(RootPrefix.Length)}\")";
    }
}
