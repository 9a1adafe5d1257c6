using System.Text;

namespace GraphGen.Monitoring;

/// <summary>The parts of TensorBoard's TensorProto that GraphGen writes: dtype, shape and string values.</summary>
/// <param name="DType">TensorFlow's DataType number (7 is DT_STRING).</param>
/// <param name="Shape">Dimension sizes; empty for a scalar.</param>
/// <param name="StringValues">The raw bytes of each string element.</param>
public sealed record TensorValue(int DType, IReadOnlyList<long> Shape, IReadOnlyList<byte[]> StringValues)
{
    /// <summary>TensorFlow's DT_STRING.</summary>
    public const int DTypeString = 7;

    /// <summary>The string elements decoded as UTF-8.</summary>
    public IReadOnlyList<string> Strings => [.. StringValues.Select(b => Encoding.UTF8.GetString(b))];
}
