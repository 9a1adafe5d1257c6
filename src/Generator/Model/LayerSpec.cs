namespace GraphGen.Generator.Model
{
    /// <summary>What a layer object is to the compiler.</summary>
    internal enum LayerKind
    {
        /// <summary>A built-in GraphGen.Nn layer that an op answers to (<see cref="LayerSpec.TypeName"/> names it: Linear, ReLU, ...).</summary>
        Op,

        Identity,

        Sequential,

        /// <summary>Another [Module] class, inlined from its own spec.</summary>
        Module,

        /// <summary>A Module subclass the compiler does not know (reported as GG0203 when used).</summary>
        Unsupported,
    }

    /// <summary>
    /// One layer object as created in source: its kind, constructor arguments by parameter name, and for a
    /// Sequential its children (PyTorch names "0", "1", ...), for a [Module] child its parsed spec.
    /// </summary>
    internal sealed record LayerSpec(
        string Name,
        string Path,
        LayerKind Kind,
        string TypeName,
        EquatableArray<ArgSpec> Args,
        EquatableArray<LayerSpec> Children,
        ModuleSpec? Module,
        LocationInfo? Location)
    {
        public ValueSpec? Arg(string name)
        {
            foreach (var a in Args)
                if (a.Name == name) return a.Value;
            return null;
        }
    }

    /// <summary>A field holding a layer; <see cref="Layer"/> is null when it is never (or not analysably) assigned.</summary>
    internal sealed record LayerFieldSpec(string Name, string TypeName, LayerSpec? Layer, LocationInfo? Location);
}
