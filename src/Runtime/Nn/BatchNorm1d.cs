namespace GraphGen.Nn;

/// <summary>Batch normalisation over the features of [N, C] or [N, C, L] batches (PyTorch's <c>nn.BatchNorm1d</c>).</summary>
/// <remarks>Shape: input [N, num_features] or [N, num_features, L]; output the same. Statistics per feature over N (and L); see <see cref="BatchNormNd"/>.</remarks>
public sealed class BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNormNd(numFeatures, eps, momentum, affine, trackRunningStats)
{
    private protected override void CheckInputRank(Tensor input)
    {
        if (input.Rank is not (2 or 3))
            throw new ArgumentException($"BatchNorm1d: expected 2D or 3D input [N, C] or [N, C, L] (got {input.Rank}D input of shape {input.Shape}).", nameof(input));
    }
}
