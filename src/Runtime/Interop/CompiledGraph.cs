using GraphGen.Nn;

namespace GraphGen.Interop;

/// <summary>
/// A [Module]'s Forward as the generator compiled it: nodes in topological order (named as in the shape table of the
/// generated <c>{Type}.Call.g.cs</c>/<c>{Type}.Cpu.g.cs</c>), the inputs named after Forward's parameters, the output
/// node, and the values of the sizes given to the constructor (<c>hidden</c> = 32). Shapes are symbolic
/// (<see cref="GraphDim"/>): <c>B</c>, the batch, stays a symbol.
/// </summary>
public sealed class CompiledGraph
{
    public CompiledGraph(string moduleName, IReadOnlyList<string> inputs, string output, IReadOnlyDictionary<string, long> sizes, IReadOnlyList<CompiledGraphNode> nodes)
    {
        ModuleName = moduleName;
        Inputs = inputs;
        Output = output;
        Sizes = sizes;
        Nodes = nodes;
    }

    /// <summary>The [Module] class's name (the ONNX graph's and TensorBoard's root name).</summary>
    public string ModuleName { get; }

    /// <summary>The names of the input nodes, in Forward's parameter order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The name of the node Forward returns.</summary>
    public string Output { get; }

    /// <summary>Each size symbol given to the constructor and its value in this instance.</summary>
    public IReadOnlyDictionary<string, long> Sizes { get; }

    public IReadOnlyList<CompiledGraphNode> Nodes { get; }

    /// <summary>The compiled graph of <paramref name="module"/>, or an error saying that <paramref name="what"/> needs a [Module] whose Forward compiled.</summary>
    public static CompiledGraph Of(Module module, string what)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module is IHasCompiledGraph compiled
            ? compiled.CompiledGraph
            : throw new NotSupportedException(
                $"{what} needs a compiled graph, and {module.GetType().Name} has none: only a [Module] class whose Forward the generator compiled has one (wrap built-in layers such as {module.GetName()} in a [Module] class).");
    }

    /// <summary>The node called <paramref name="name"/>.</summary>
    public CompiledGraphNode Node(string name) =>
        Nodes.FirstOrDefault(n => n.Name == name) ?? throw new ArgumentException($"The compiled graph of {ModuleName} has no node '{name}'.", nameof(name));

    /// <summary>A dimension's value in this instance, or null when it depends on the batch or on an input's size.</summary>
    public long? Evaluate(GraphDim dim)
    {
        long value = dim.Coefficient;
        foreach (var symbol in dim.Symbols)
        {
            if (!Sizes.TryGetValue(symbol, out long size)) return null;
            value *= size;
        }

        return value;
    }
}
