using GraphGen.Generator.Model;

namespace GraphGen.Generator.Graph
{
    /// <summary>
    /// Op-specific settings of a node: <see cref="Dims"/> (Linear: in, out; View: the target shape),
    /// <see cref="Numbers"/> (Softmax dim, Dropout p, a scalar operand) and <see cref="Text"/> (GELU's
    /// approximation, which side a scalar operand is on). Each op file documents what it stores.
    /// </summary>
    internal sealed record NodeAttributes(EquatableArray<SymDim> Dims, EquatableArray<double> Numbers, string Text)
    {
        public static readonly NodeAttributes None = new(EquatableArray<SymDim>.Empty, EquatableArray<double>.Empty, "");

        public static NodeAttributes WithNumbers(params double[] numbers) => new(EquatableArray<SymDim>.Empty, new EquatableArray<double>(numbers), "");
    }

    /// <summary>
    /// One node of the static graph: an op applied to earlier nodes, with its inferred shape.
    /// <see cref="Name"/> is the stable identifier used in generated code (<c>pipe_0</c>, <c>relu_3</c>);
    /// <see cref="Label"/> is how messages and comments name it (<c>pipe.0</c>, <c>F.Relu(h)</c>);
    /// <see cref="LayerPath"/> is the PyTorch path of the layer object it reads at run time, if any;
    /// <see cref="Scope"/> is the path of the [Module] child whose Forward wrote it (<c>block1</c>), "" for the root.
    /// No locations here: the graph is what code is emitted from, and must not change when code only moves.
    /// </summary>
    internal sealed record GraphNode(
        int Id,
        string Op,
        EquatableArray<int> Inputs,
        NodeAttributes Attributes,
        SymShape Shape,
        string Name,
        string Label,
        string? LayerPath,
        string Scope = "");
}
