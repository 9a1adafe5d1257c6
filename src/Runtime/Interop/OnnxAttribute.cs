namespace GraphGen.Interop;

/// <summary>The kind of an <see cref="OnnxAttribute"/>.</summary>
public enum OnnxAttributeKind
{
    Int,
    Float,
    String,
    Ints,

    /// <summary>Int64s from symbolic dimensions, resolved at export (the batch-dependent one becomes -1).</summary>
    Shape,
}

/// <summary>An attribute of an <see cref="OnnxNode"/> (<c>transB = 1</c>, <c>axis = -1</c>, a Constant's <c>value_ints</c>).</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeKind kind, long intValue = 0, float floatValue = 0, string stringValue = "",
        IReadOnlyList<long>? ints = null, IReadOnlyList<GraphDim>? shape = null)
    {
        Name = name;
        Kind = kind;
        IntValue = intValue;
        FloatValue = floatValue;
        StringValue = stringValue;
        IntsValue = ints ?? [];
        ShapeValue = shape ?? [];
    }

    public string Name { get; }

    public OnnxAttributeKind Kind { get; }

    public long IntValue { get; }

    public float FloatValue { get; }

    public string StringValue { get; }

    public IReadOnlyList<long> IntsValue { get; }

    public IReadOnlyList<GraphDim> ShapeValue { get; }

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeKind.Int, intValue: value);

    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeKind.Float, floatValue: value);

    public static OnnxAttribute String(string name, string value) => new(name, OnnxAttributeKind.String, stringValue: value);

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxAttributeKind.Ints, ints: values);

    public static OnnxAttribute Shape(string name, params GraphDim[] dims) => new(name, OnnxAttributeKind.Shape, shape: dims);
}
