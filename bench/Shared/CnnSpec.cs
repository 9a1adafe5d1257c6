namespace GraphGen.Bench;

/// <summary>
/// A convolutional benchmark model: an architecture trained on one fixed random batch of 1×28×28 images with
/// cross-entropy and the given optimizer.
/// </summary>
/// <param name="UsesAdam">Adam (PyTorch's defaults but the learning rate) rather than plain SGD.</param>
public sealed record CnnSpec(CnnArchitecture Architecture, int Batch, bool UsesAdam, double LearningRate) : IBenchModel
{
    public const int Channels = 1, Height = 28, Width = 28, Classes = 10;

    /// <summary>The two CNNs of the convolution issue: LeNet-5 (batch 64, SGD) and conv32-BN-conv64-BN-pool-GAP (batch 32, Adam).</summary>
    public static IReadOnlyList<CnnSpec> WhatToBeat { get; } =
    [
        new(CnnArchitecture.LeNet5, 64, UsesAdam: false, LearningRate: 0.01),
        new(CnnArchitecture.ConvBnGap, 32, UsesAdam: true, LearningRate: 1e-3),
    ];

    /// <summary>The convolutions as (input channels, output channels, kernel, output height = width), in order.</summary>
    public IReadOnlyList<(int In, int Out, int Kernel, int OutSize)> Convolutions => Architecture switch
    {
        CnnArchitecture.LeNet5 => [(1, 6, 5, 28), (6, 16, 5, 10)],
        CnnArchitecture.ConvBnGap => [(1, 32, 3, 28), (32, 64, 3, 28)],
        _ => throw new ArgumentOutOfRangeException(nameof(Architecture), Architecture, "Unknown architecture."),
    };

    /// <summary>
    /// FLOPs (2 per multiply-add) the convolutions of one training step compute: each convolution's forward, its
    /// weight gradient (as many again), and its input gradient (as many again) except for the first, whose input
    /// needs none. Bias and pooling are not counted.
    /// </summary>
    public double TrainingConvolutionFlops
    {
        get
        {
            double flops = 0;
            for (int i = 0; i < Convolutions.Count; i++)
            {
                var (inChannels, outChannels, kernel, outSize) = Convolutions[i];
                double forward = 2.0 * Batch * outChannels * outSize * outSize * inChannels * kernel * kernel;
                flops += forward * (i == 0 ? 2 : 3);
            }
            return flops;
        }
    }

    /// <summary>"LeNet-5, 64, CE, SGD": the row label.</summary>
    public override string ToString() =>
        $"{(Architecture == CnnArchitecture.LeNet5 ? "LeNet-5" : "conv32-BN-conv64-BN-pool-GAP")}, {Batch}, CE, {(UsesAdam ? "Adam" : "SGD")}";

    /// <summary>The batch every column trains on: images ~ U(0, 1) and class indices, from a fixed seed.</summary>
    public (float[] Images, long[] Classes) MakeBatch(int seed = 1234)
    {
        var random = new Random(seed);
        var images = new float[Batch * Channels * Height * Width];
        for (int i = 0; i < images.Length; i++) images[i] = random.NextSingle();
        var classes = new long[Batch];
        for (int i = 0; i < Batch; i++) classes[i] = random.Next(Classes);
        return (images, classes);
    }
}
