namespace GraphGen.Nn;

/// <summary>Batch normalisation over the channels of [N, C, H, W] batches (PyTorch's <c>nn.BatchNorm2d</c>).</summary>
/// <remarks>Shape: input [N, num_features, H, W]; output the same. Statistics per channel over N, H and W; see <see cref="BatchNormNd"/>.</remarks>
public sealed class BatchNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNormNd(numFeatures, eps, momentum, affine, trackRunningStats)
{
    private protected override void CheckInputRank(Tensor input)
    {
        if (input.Rank != 4)
            throw new ArgumentException($"BatchNorm2d: expected 4D input [N, C, H, W] (got {input.Rank}D input of shape {input.Shape}).", nameof(input));
    }
}
