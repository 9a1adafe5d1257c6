namespace GraphGen.Bench;

/// <summary>The convolutional networks of the convolution issue's speed targets, on 1×28×28 inputs.</summary>
public enum CnnArchitecture
{
    /// <summary>
    /// LeNet-5 as PyTorch tutorials write it for 28×28: conv 1→6 5×5 pad 2, ReLU, max-pool 2, conv 6→16 5×5, ReLU,
    /// max-pool 2, flatten (16·5·5 = 400), linear 400→120, ReLU, 84, ReLU, 10.
    /// </summary>
    LeNet5,

    /// <summary>
    /// conv 1→32 3×3 pad 1, BatchNorm, ReLU, conv 32→64 3×3 pad 1, BatchNorm, ReLU, max-pool 2, global average pool,
    /// flatten, linear 64→10.
    /// </summary>
    ConvBnGap,
}
