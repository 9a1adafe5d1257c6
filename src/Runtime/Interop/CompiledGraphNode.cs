namespace GraphGen.Interop;

/// <summary>
/// One node of a <see cref="CompiledGraph"/>: its code name (<c>fc1</c>, <c>relu_3</c>), its op (<c>Linear</c>), how
/// the shape table describes it (<c>Linear(16 -> 12)</c>) and names it in Forward (<see cref="Label"/>), the [Module]
/// child whose Forward wrote it (<see cref="Scope"/>, "" for the root), the layer it reads and the state-dict keys of
/// that layer's parameters, its inputs (node names), its symbolic shape, and its ONNX form.
/// </summary>
public sealed class CompiledGraphNode
{
    public CompiledGraphNode(
        string name, string op, string description, string label, string scope, string? layerPath, IReadOnlyList<string> parameters,
        IReadOnlyList<string> inputs, IReadOnlyList<GraphDim> shape, IReadOnlyList<OnnxNode>? onnx, string? onnxUnsupported = null)
    {
        Name = name;
        Op = op;
        Description = description;
        Label = label;
        Scope = scope;
        LayerPath = layerPath;
        Parameters = parameters;
        Inputs = inputs;
        Shape = shape;
        Onnx = onnx;
        OnnxUnsupported = onnxUnsupported;
    }

    public string Name { get; }

    /// <summary>The op's IR name: <c>Input</c>, <c>Linear</c>, <c>Relu</c>, <c>Add</c>.</summary>
    public string Op { get; }

    public string Description { get; }

    public string Label { get; }

    public string Scope { get; }

    public string? LayerPath { get; }

    /// <summary>The state-dict keys of the layer's parameters (<c>block1.fc1.weight</c>); a disabled bias is listed but absent from the state dict.</summary>
    public IReadOnlyList<string> Parameters { get; }

    public IReadOnlyList<string> Inputs { get; }

    public IReadOnlyList<GraphDim> Shape { get; }

    /// <summary>The ONNX nodes computing it (none: it passes its first input through), or null when it has no ONNX form.</summary>
    public IReadOnlyList<OnnxNode>? Onnx { get; }

    /// <summary>Why <see cref="Onnx"/> is null.</summary>
    public string? OnnxUnsupported { get; }

    /// <summary>The shape as the shape table prints it: <c>[B, 12]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    public override string ToString() => $"{Name}: {Description} {ShapeText}";
}
