using System;

namespace GraphGen
{
    /// <summary>
    /// Declares the per-sample shape of a Forward input: <c>Forward([Shape(1, 28, 28)] Tensor x)</c> takes
    /// [B, 1, 28, 28] batches. The batch dimension B stays free. With the shape declared, the generator computes every
    /// spatial size at build time and reports convolution, pooling and Flatten mismatches as compile errors; without it
    /// the sizes stay symbolic and the same checks run on the first call.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
    public sealed class ShapeAttribute : Attribute
    {
        /// <param name="dims">The sizes of one sample, without the batch dimension (channels first for images).</param>
        public ShapeAttribute(params int[] dims)
        {
            Dims = dims ?? Array.Empty<int>();
        }

        /// <summary>The sizes of one sample, without the batch dimension.</summary>
        public int[] Dims { get; }
    }
}
