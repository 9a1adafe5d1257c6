using System.Text;
using GraphGen.Interop;

namespace GraphGen.Monitoring;

/// <summary>
/// Encodes a <see cref="CompiledGraph"/> as TensorFlow's GraphDef (tensorboard/compat/proto/graph.proto, node_def.proto,
/// attr_value.proto, tensor_shape.proto), which TensorBoard's Graphs tab draws: one NodeDef per node, named by its
/// module path with '/' scopes (<c>block1/fc1</c>, <c>block1/relu_3</c>) so TensorBoard groups each [Module] child and
/// Sequential; its op as in the shape table; its inputs, the layer's parameters among them (<c>block1/fc1.weight</c>, op
/// <c>Parameter</c>); and as attributes <c>_output_shapes</c> (the batch and other input-dependent sizes as -1), the
/// symbolic <c>shape</c>, the <c>description</c> and the Forward <c>label</c>.
/// </summary>
internal static class GraphDefEncoder
{
    // GraphDef, NodeDef, VersionDef
    private const int NodeField = 1, VersionsField = 4, ProducerField = 1;
    private const int NameField = 1, OpField = 2, InputField = 3, AttrField = 5, MapKeyField = 1, MapValueField = 2;
    // AttrValue, AttrValue.ListValue, TensorShapeProto and its Dim
    private const int AttrListField = 1, AttrStringField = 2, ListShapeField = 7, ShapeDimField = 2, DimSizeField = 1;

    /// <summary>The GraphDef producer version PyTorch's add_graph writes.</summary>
    private const int Producer = 22;

    public static byte[] Encode(CompiledGraph graph, IReadOnlyDictionary<string, Tensor> state)
    {
        var w = new ProtoWriter();
        var names = graph.Nodes.ToDictionary(n => n.Name, ScopedName);
        foreach (var node in graph.Nodes)
        {
            var parameters = node.Parameters.Where(state.ContainsKey).ToList();
            foreach (var key in parameters)
                WriteNode(w, ParameterName(node, key), "Parameter", [], state[key].Shape.Select(d => (long)d).ToList(), key, key, key);
            var inputs = node.Inputs.Select(i => names[i]).Concat(parameters.Select(p => ParameterName(node, p)));
            WriteNode(w, names[node.Name], node.Op, inputs, node.Shape.Select(d => graph.Evaluate(d) ?? -1).ToList(), node.ShapeText, node.Description, node.Label);
        }

        int versions = w.BeginMessage(VersionsField);
        w.VarintField(ProducerField, Producer);
        w.EndMessage(versions);
        return w.ToArray();
    }

    /// <summary>The node's name with its module path as '/' scopes.</summary>
    private static string ScopedName(CompiledGraphNode node) =>
        node.LayerPath is { } path ? path.Replace('.', '/') : node.Scope.Length == 0 ? node.Name : node.Scope.Replace('.', '/') + "/" + node.Name;

    /// <summary><c>block1/fc1.weight</c>: beside its layer's node (a name under <c>block1/fc1/</c> would turn that node into a group).</summary>
    private static string ParameterName(CompiledGraphNode node, string key)
    {
        int dot = key.LastIndexOf('.');
        return key[..dot].Replace('.', '/') + key[dot..];
    }

    private static void WriteNode(ProtoWriter w, string name, string op, IEnumerable<string> inputs, IReadOnlyList<long> shape, string shapeText, string description, string label)
    {
        int node = w.BeginMessage(NodeField);
        w.StringField(NameField, name);
        w.StringField(OpField, op);
        foreach (var input in inputs) w.StringField(InputField, input);
        var entry = BeginAttr(w, "_output_shapes");
        int list = w.BeginMessage(AttrListField);
        int tensorShape = w.BeginMessage(ListShapeField);
        foreach (long size in shape)
        {
            int dim = w.BeginMessage(ShapeDimField);
            w.VarintField(DimSizeField, size);
            w.EndMessage(dim);
        }
        w.EndMessage(tensorShape);
        w.EndMessage(list);
        EndAttr(w, entry);
        StringAttr(w, "shape", shapeText);
        StringAttr(w, "description", description);
        StringAttr(w, "label", label);
        w.EndMessage(node);
    }

    private static void StringAttr(ProtoWriter w, string key, string value)
    {
        var entry = BeginAttr(w, key);
        w.BytesField(AttrStringField, Encoding.UTF8.GetBytes(value));
        EndAttr(w, entry);
    }

    /// <summary>Opens one entry of NodeDef's attr map (its key, then its AttrValue message); returns the marks <see cref="EndAttr"/> closes.</summary>
    private static (int Entry, int Value) BeginAttr(ProtoWriter w, string key)
    {
        int entry = w.BeginMessage(AttrField);
        w.StringField(MapKeyField, key);
        return (entry, w.BeginMessage(MapValueField));
    }

    private static void EndAttr(ProtoWriter w, (int Entry, int Value) marks)
    {
        w.EndMessage(marks.Value);
        w.EndMessage(marks.Entry);
    }
}
