using System.Runtime.InteropServices;
using Google.Protobuf;
using GraphGen.Interop.OnnxProto;

namespace GraphGen.Interop;

/// <summary>
/// Turns a <see cref="CompiledGraph"/> into an ONNX GraphProto: graph inputs from the Input nodes, each node's ONNX
/// nodes with pass-through nodes (Dropout) aliased away, the parameters it reads as float32 initializers, and the
/// output under the output node's name.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly CompiledGraph _graph;
    private readonly IReadOnlyDictionary<string, Tensor> _state;
    private readonly Dictionary<string, string> _aliases = new();
    private readonly HashSet<string> _initialized = new();
    private readonly GraphProto _proto;

    public OnnxGraphBuilder(CompiledGraph graph, IReadOnlyDictionary<string, Tensor> state)
    {
        _graph = graph;
        _state = state;
        _proto = new GraphProto { Name = graph.ModuleName };
    }

    public GraphProto Build()
    {
        foreach (var node in _graph.Nodes)
        {
            if (node.Op == "Input")
            {
                _proto.Input.Add(ValueInfo(node.Name, node.Shape, IsIndexInput(node) ? TensorProto.Types.DataType.Int64 : TensorProto.Types.DataType.Float));
                continue;
            }

            if (node.Onnx is null)
                throw new NotSupportedException($"ONNX export of {_graph.ModuleName}: op '{node.Op}' (node '{node.Label}') has no ONNX form: {node.OnnxUnsupported}.");
            if (node.Onnx.Count == 0)
            {
                _aliases[node.Name] = Value(node.Inputs[0]);
                continue;
            }

            foreach (var onnx in node.Onnx) AddNode(node, onnx);
        }

        var output = _graph.Node(_graph.Output);
        string produced = Value(output.Name);
        // The output keeps its node's name even when it is an input passed through (a Dropout, nothing else).
        if (produced != output.Name)
            _proto.Node.Add(new NodeProto { OpType = "Identity", Name = output.Name, Input = { produced }, Output = { output.Name } });
        _proto.Output.Add(ValueInfo(output.Name, output.Shape));
        return _proto;
    }

    private void AddNode(CompiledGraphNode node, OnnxNode onnx)
    {
        if (onnx.OpType == "Constant" && onnx.Attributes is [{ Kind: OnnxAttributeKind.Shape } shape] && NeedsBatchAtRunTime(shape.ShapeValue))
        {
            AddShapeWithBatch(node, onnx.Output, shape.ShapeValue);
            return;
        }

        var proto = new NodeProto { OpType = onnx.OpType, Name = onnx.Output, Output = { onnx.Output }, DocString = node.Label };
        foreach (var input in onnx.Inputs) proto.Input.Add(Input(node, onnx, input));
        foreach (var attribute in onnx.Attributes) proto.Attribute.Add(Attribute(node, attribute));
        _proto.Node.Add(proto);
    }

    /// <summary>A node input: a parameter (made an initializer once), an absent optional parameter (""), or a value.</summary>
    private string Input(CompiledGraphNode node, OnnxNode onnx, string input)
    {
        bool optional = input.StartsWith('?');
        string name = optional ? input[1..] : input;
        if (_state.TryGetValue(name, out var tensor))
        {
            if (_initialized.Add(name)) _proto.Initializer.Add(Initializer(name, tensor));
            return name;
        }

        if (optional) return "";
        if (node.Parameters.Contains(name))
            throw new NotSupportedException($"ONNX export of {_graph.ModuleName}: {onnx.OpType} of node '{node.Label}' needs the parameter '{name}', which the module's state dict does not have.");
        return Value(name);
    }

    /// <summary>The ONNX value that holds a node's result: its own name, or the value a pass-through node forwards.</summary>
    private string Value(string node) => _aliases.TryGetValue(node, out var alias) ? alias : node;

    private AttributeProto Attribute(CompiledGraphNode node, OnnxAttribute a)
    {
        var proto = new AttributeProto { Name = a.Name };
        switch (a.Kind)
        {
            case OnnxAttributeKind.Int:
                proto.Type = AttributeProto.Types.AttributeType.Int;
                proto.I = a.IntValue;
                break;
            case OnnxAttributeKind.Float:
                proto.Type = AttributeProto.Types.AttributeType.Float;
                proto.F = a.FloatValue;
                break;
            case OnnxAttributeKind.String:
                proto.Type = AttributeProto.Types.AttributeType.String;
                proto.S = ByteString.CopyFromUtf8(a.StringValue);
                break;
            case OnnxAttributeKind.Ints:
                proto.Type = AttributeProto.Types.AttributeType.Ints;
                proto.Ints.AddRange(a.IntsValue);
                break;
            case OnnxAttributeKind.Shape:
                proto.Type = AttributeProto.Types.AttributeType.Ints;
                proto.Ints.AddRange(ShapeValues(node, a.ShapeValue));
                break;
            default:
                throw new NotSupportedException($"ONNX export: attribute kind {a.Kind} of '{a.Name}' is not known.");
        }

        return proto;
    }

    /// <summary>A reshape target: each size this instance knows, and -1 for the one only the input decides (the batch's).</summary>
    private long[] ShapeValues(CompiledGraphNode node, IReadOnlyList<GraphDim> dims)
    {
        var values = dims.Select(d => _graph.Evaluate(d) ?? -1).ToArray();
        if (values.Count(v => v == -1) > 1)
            throw new NotSupportedException(
                $"ONNX export of {_graph.ModuleName}: node '{node.Label}' reshapes to [{string.Join(", ", dims)}], where more than one size depends on the inputs; ONNX's Reshape can infer only one.");
        return values;
    }

    /// <summary>
    /// A reshape target with more than one size unknown until run time, one of them the batch: B is read from the first
    /// input's shape, which leaves one size for Reshape's -1.
    /// </summary>
    private bool NeedsBatchAtRunTime(IReadOnlyList<GraphDim> dims) =>
        dims.Count(d => _graph.Evaluate(d) is null) > 1 && dims.Any(IsBatch);

    private static bool IsBatch(GraphDim d) => d is { Coefficient: 1, Symbols: [GraphDim.Batch] };

    /// <summary><c>output = Concat(pieces)</c>: Shape(first input)[0:1] for B, a constant for each other size (-1 for the one left unknown).</summary>
    private void AddShapeWithBatch(CompiledGraphNode node, string output, IReadOnlyList<GraphDim> dims)
    {
        string batch = output + "_batch";
        _proto.Node.Add(new NodeProto
        {
            OpType = "Shape", Name = batch, Input = { _graph.Inputs[0] }, Output = { batch },
            Attribute = { new AttributeProto { Name = "start", Type = AttributeProto.Types.AttributeType.Int, I = 0 }, new AttributeProto { Name = "end", Type = AttributeProto.Types.AttributeType.Int, I = 1 } },
        });
        var others = ShapeValues(node, dims.Select(d => IsBatch(d) ? new GraphDim(1) : d).ToList());
        var concat = new NodeProto { OpType = "Concat", Name = output, Output = { output }, Attribute = { new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 } } };
        for (int i = 0; i < dims.Count; i++)
        {
            if (IsBatch(dims[i]))
            {
                concat.Input.Add(batch);
                continue;
            }

            string piece = $"{output}_{i}";
            _proto.Node.Add(new NodeProto
            {
                OpType = "Constant", Name = piece, Output = { piece },
                Attribute = { new AttributeProto { Name = "value_ints", Type = AttributeProto.Types.AttributeType.Ints, Ints = { others[i] } } },
            });
            concat.Input.Add(piece);
        }

        _proto.Node.Add(concat);
    }

    /// <summary>An input that only Embeddings read holds int64 indices (Gather's); every other value is float32.</summary>
    private bool IsIndexInput(CompiledGraphNode input)
    {
        var readers = _graph.Nodes.Where(n => n.Inputs.Contains(input.Name)).ToList();
        return readers.Count > 0 && readers.All(n => n.Op == "Embedding");
    }

    private ValueInfoProto ValueInfo(string name, IReadOnlyList<GraphDim> shape, TensorProto.Types.DataType type = TensorProto.Types.DataType.Float)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var d in shape)
            tensorShape.Dim.Add(_graph.Evaluate(d) is { } value
                ? new TensorShapeProto.Types.Dimension { DimValue = value }
                : new TensorShapeProto.Types.Dimension { DimParam = d.ToString() });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }

    private static TensorProto Initializer(string name, Tensor tensor)
    {
        var data = tensor.Detach().To(Device.Cpu).To(DType.Float32).Contiguous();
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        foreach (int d in data.Shape) proto.Dims.Add(d);
        proto.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan<float>()));
        return proto;
    }
}
