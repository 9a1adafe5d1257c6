namespace GraphGen.Generator.Model
{
    /// <summary>
    /// A size read inside Forward: dimension <see cref="Dim"/> (negative counts from the end) of the tensor
    /// computed by step <see cref="Value"/> (<c>x.Size(0)</c>, <c>h.Shape[1]</c>). <see cref="Text"/> is how
    /// it is written, for messages.
    /// </summary>
    internal sealed record TensorDim(int Value, int Dim, string Text, LocationInfo? Location);
}
