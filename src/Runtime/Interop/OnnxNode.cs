namespace GraphGen.Interop;

/// <summary>
/// One ONNX node of a compiled node's lowering: <c>Output = OpType(Inputs)</c> with attributes. An input named
/// <c>?key</c> is an optional parameter (Linear's bias): given when the state dict has <c>key</c>, else left empty.
/// </summary>
public sealed class OnnxNode
{
    public OnnxNode(string opType, IReadOnlyList<string> inputs, string output, params OnnxAttribute[] attributes)
    {
        OpType = opType;
        Inputs = inputs;
        Output = output;
        Attributes = attributes;
    }

    public string OpType { get; }

    public IReadOnlyList<string> Inputs { get; }

    public string Output { get; }

    public IReadOnlyList<OnnxAttribute> Attributes { get; }
}
