using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// An op that, in eval, is a per-output-channel affine map of its input and so can be folded into the weights and
    /// bias of the convolution that produces it (BatchNorm2d after Conv2d; <c>Fusion/ConvBatchNormFolding.cs</c>).
    /// </summary>
    internal interface IFoldsIntoConvolution
    {
        /// <summary>Whether this op's node folds into <paramref name="producer"/>, the node it reads.</summary>
        bool FoldsAfter(GraphNode producer);
    }
}
