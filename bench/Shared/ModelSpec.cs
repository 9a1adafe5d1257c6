namespace GraphGen.Bench;

public enum LossKind { CrossEntropy, MeanSquaredError }

/// <summary>
/// A multilayer perceptron: Linear layers of the given widths with ReLU between them (none after the
/// last), trained with plain SGD on one fixed random batch.
/// </summary>
/// <param name="Widths">Feature counts, input first: [2, 5, 20, 3] is Linear(2,5) ReLU Linear(5,20) ReLU Linear(20,3).</param>
public sealed record ModelSpec(int[] Widths, int Batch, LossKind Loss, double LearningRate = 0.01) : IBenchModel
{
    /// <summary>The four models of DESIGN.md's "What to beat" table.</summary>
    public static IReadOnlyList<ModelSpec> WhatToBeat { get; } =
    [
        new([2, 5, 20, 3], 32, LossKind.CrossEntropy),
        new([784, 128, 10], 64, LossKind.CrossEntropy),
        new([784, 512, 512, 10], 128, LossKind.CrossEntropy),
        new([4096, 4096, 4096], 256, LossKind.MeanSquaredError),
    ];

    public int Inputs => Widths[0];
    public int Outputs => Widths[^1];

    /// <summary>Multiply-adds of one forward pass, times two: the FLOPs a training step spends ~3x of.</summary>
    public double ForwardFlops
    {
        get
        {
            double flops = 0;
            for (int i = 0; i + 1 < Widths.Length; i++) flops += 2.0 * Batch * Widths[i] * Widths[i + 1];
            return flops;
        }
    }

    /// <summary>"784-128-10, 64, CE": the row label.</summary>
    public override string ToString() =>
        $"{string.Join('-', Widths)}, {Batch}, {(Loss == LossKind.CrossEntropy ? "CE" : "MSE")}";

    /// <summary>
    /// The batch both sides train on: inputs ~ U(-1, 1), class indices (CE) or targets ~ U(-1, 1) (MSE),
    /// from a fixed seed so every column sees the same numbers.
    /// </summary>
    public (float[] Inputs, long[] Classes, float[] Targets) MakeBatch(int seed = 1234)
    {
        var random = new Random(seed);
        var inputs = new float[Batch * Inputs];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextSingle() * 2 - 1;
        var classes = new long[Batch];
        var targets = Array.Empty<float>();
        if (Loss == LossKind.CrossEntropy)
            for (int i = 0; i < Batch; i++) classes[i] = random.Next(Outputs);
        else
        {
            targets = new float[Batch * Outputs];
            for (int i = 0; i < targets.Length; i++) targets[i] = random.NextSingle() * 2 - 1;
        }
        return (inputs, classes, targets);
    }
}
