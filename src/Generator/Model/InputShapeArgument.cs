namespace GraphGen.Generator.Model
{
    /// <summary>
    /// How a Forward input's declared per-sample shape (<c>[Shape(1, 28, 28)] Tensor x</c>) travels in the model: as
    /// the input step's argument named <see cref="Name"/>, one value per dimension.
    /// </summary>
    internal static class InputShapeArgument
    {
        /// <summary>The attribute's full name.</summary>
        public const string Attribute = "GraphGen.ShapeAttribute";

        public const string Name = "shape";
    }
}
