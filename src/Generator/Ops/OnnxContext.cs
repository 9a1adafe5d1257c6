using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>An ONNX node an op lowers to: its operator, the value names it reads and writes, its attributes as C# (GraphGen.Interop.OnnxAttribute factories).</summary>
    internal sealed record OnnxNodeSpec(string OpType, EquatableArray<string> Inputs, string Output, EquatableArray<string> Attributes);

    /// <summary>
    /// What an op's <see cref="OpDefinition.LowerToOnnx"/> writes with: the node, the value names of its inputs and
    /// output, the ONNX nodes it adds (a Constant for a scalar operand or a shape, temporaries for decompositions), the
    /// parameters by state-dict key, and the reason when the node has no ONNX form. Values are named after the graph's
    /// nodes (<c>fc1</c>, <c>relu_3</c>) and Forward's parameters, so the ONNX graph reads like the shape table.
    /// </summary>
    internal sealed class OnnxContext
    {
        private readonly List<OnnxNodeSpec> _nodes = new();
        private readonly System.Func<string, string> _layerMember;

        /// <param name="layerMember">The C# expression of a member of the node's layer object (a slope read at run time).</param>
        public OnnxContext(GraphNode node, IReadOnlyList<string> inputs, IReadOnlyList<SymShape> inputShapes, System.Func<string, string> layerMember)
        {
            Node = node;
            X = inputs;
            InputShapes = inputShapes;
            _layerMember = layerMember;
        }

        public GraphNode Node { get; }

        /// <summary>The value names of the node's inputs.</summary>
        public IReadOnlyList<string> X { get; }

        /// <summary>The value name of the node's output.</summary>
        public string Y => Node.Name;

        public IReadOnlyList<SymShape> InputShapes { get; }

        /// <summary>The nodes added so far; none means the node passes its first input through (Dropout in eval mode).</summary>
        public IReadOnlyList<OnnxNodeSpec> Nodes => _nodes;

        /// <summary>Why the node has no ONNX form, once <see cref="Unsupported"/> said so.</summary>
        public string? UnsupportedReason { get; private set; }

        /// <summary>Adds <c>output = opType(inputs)</c>.</summary>
        public string Add(string opType, IEnumerable<string> inputs, string output, params string[] attributes)
        {
            _nodes.Add(new OnnxNodeSpec(opType, inputs.ToEquatableArray(), output, new EquatableArray<string>(attributes)));
            return output;
        }

        /// <summary>The common case: one ONNX node from the node's inputs to its output (returns true: lowered).</summary>
        public bool Single(string opType, params string[] attributes)
        {
            Add(opType, X, Y, attributes);
            return true;
        }

        /// <summary>A value name for an intermediate result: <c>fc1_matmul</c>.</summary>
        public string Temp(string what) => Node.Name + "_" + what;

        /// <summary>A parameter of the node's layer by its state-dict key (<c>block1.fc1.weight</c>).</summary>
        public string Parameter(string key) => Node.LayerPath + "." + key;

        /// <summary>An optional parameter (Linear's bias): the exporter passes it when the state dict has it, else leaves the input empty.</summary>
        public string OptionalParameter(string key) => "?" + Parameter(key);

        /// <summary>A scalar float32 constant (a scalar operand); returns its value name.</summary>
        public string FloatConstant(string what, double value) => Add("Constant", System.Array.Empty<string>(), Temp(what), Float("value_float", value));

        /// <summary>A 1-D int64 constant (axes); returns its value name.</summary>
        public string IntsConstant(string what, params long[] values) =>
            Add("Constant", System.Array.Empty<string>(), Temp(what), $"global::GraphGen.Interop.OnnxAttribute.Ints(\"value_ints\", {string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))})");

        /// <summary>
        /// A 1-D int64 constant holding a symbolic shape, as Reshape reads it: the exporter writes each dimension's
        /// value, and -1 for the one that depends on the batch (or on sizes only the input knows).
        /// </summary>
        public string ShapeConstant(string what, SymShape shape) =>
            Add("Constant", System.Array.Empty<string>(), Temp(what), $"global::GraphGen.Interop.OnnxAttribute.Shape(\"value_ints\", {string.Join(", ", shape.Dims.Select(GraphDimCode))})");

        /// <summary>A Reshape of the first input to the node's inferred shape (the batch-dependent dimension written -1 by the exporter).</summary>
        public bool ReshapeToOutput()
        {
            Add("Reshape", new[] { X[0], ShapeConstant("shape", Node.Shape) }, Y);
            return true;
        }

        public static string Int(string name, long value) => $"global::GraphGen.Interop.OnnxAttribute.Int(\"{name}\", {value.ToString(CultureInfo.InvariantCulture)})";

        public static string Float(string name, double value) => $"global::GraphGen.Interop.OnnxAttribute.Float(\"{name}\", {FloatLiteral.Of(value)})";

        public static string Ints(string name, params long[] values) =>
            $"global::GraphGen.Interop.OnnxAttribute.Ints(\"{name}\", {string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture) + "L"))})";

        public static string String(string name, string value) => $"global::GraphGen.Interop.OnnxAttribute.String(\"{name}\", \"{value}\")";

        /// <summary>A float attribute that is a constant when the op knows it, else read from the layer at export (<c>NegativeSlope</c>).</summary>
        public string FloatOf(string name, EquatableArray<double> numbers, string layerMember) =>
            numbers.Count == 1 ? Float(name, numbers[0]) : $"global::GraphGen.Interop.OnnxAttribute.Float(\"{name}\", (float){_layerMember(layerMember)})";

        /// <summary>Says the node has no ONNX form; the exporter throws with the reason, naming the op and the node.</summary>
        public bool Unsupported(string reason)
        {
            UnsupportedReason = reason;
            return false;
        }

        /// <summary>A dimension as runtime code: <c>new global::GraphGen.Interop.GraphDim(1, "B")</c>.</summary>
        public static string GraphDimCode(SymDim dim) =>
            $"new global::GraphGen.Interop.GraphDim({dim.Coef.ToString(CultureInfo.InvariantCulture)}{string.Concat(dim.Symbols.Select(s => ", \"" + s + "\""))})";
    }
}
