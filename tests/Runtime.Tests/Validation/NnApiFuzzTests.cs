using CsCheck;
using GraphGen.Data;
using GraphGen.Nn;
using static GraphGen.Tests.Validation.TensorApiFuzzTests;

namespace GraphGen.Tests.Validation;

/// <summary>
/// The same property as <see cref="TensorApiFuzzTests"/> for layers, losses and the data loader: random
/// tensors, sizes, probabilities and options give a result or a documented exception, never an internal one.
/// </summary>
public class NnApiFuzzTests
{
    private static readonly Gen<ApiCall> LossCalls =
        from input in AnyTensor
        from target in AnyTensor
        from ignoreIndex in IntArg
        from smoothing in Value
        from reduction in Gen.OneOf(Reduction.None, Reduction.Mean, Reduction.Sum, (Reduction)9)
        from op in Gen.OneOf("Mse", "L1", "Bce", "BceLogits", "CrossEntropy", "Nll")
        select Call($"{op}({input}, {target}, ignoreIndex {ignoreIndex}, smoothing {smoothing}, {reduction})", () => op switch
        {
            "Mse" => F.MseLoss(input.Build(), target.Build(), reduction),
            "L1" => F.L1Loss(input.Build(), target.Build(), reduction),
            "Bce" => F.BinaryCrossEntropy(input.Build(), target.Build(), null, reduction),
            "BceLogits" => F.BinaryCrossEntropyWithLogits(input.Build(), target.Build(), null, reduction),
            "CrossEntropy" => F.CrossEntropy(input.Build(), target.Build(), null, ignoreIndex, reduction, smoothing),
            _ => F.NllLoss(input.Build(), target.Build(), null, ignoreIndex, reduction),
        });

    private static readonly Gen<ApiCall> LayerCalls =
        from input in AnyTensor
        from a in IntArg
        from b in IntArg
        from features in Gen.Int[-2, 5].Array[2] // Linear's sizes stay small: a valid huge layer would allocate gigabytes
        from p in Value
        from op in Gen.OneOf("Linear", "Flatten", "Softmax", "LogSoftmax", "Dropout", "LeakyRelu", "Elu", "Gelu")
        select Call($"{op}({a}, {b}, features [{features[0]}, {features[1]}], p {p}).Call({input})", () =>
        {
            Module layer = op switch
            {
                "Linear" => new Linear(features[0], features[1], generator: new RandomGenerator(1)),
                "Flatten" => new Flatten(a, b),
                "Softmax" => new Softmax(a),
                "LogSoftmax" => new LogSoftmax(a),
                "Dropout" => new Dropout(p, new RandomGenerator(1)),
                "LeakyRelu" => new LeakyReLU(p),
                "Elu" => new ELU(p),
                _ => new GELU(b > 0 ? "tanh" : b < 0 ? "fast" : "none"),
            };
            _ = layer.ToString();
            return layer.Call(input.Build());
        });

    private static readonly Gen<ApiCall> LoaderCalls =
        from rows in Gen.Int[0, 6]
        from batchSize in Gen.Frequency((8, Gen.Int[-1, 7]), (1, Gen.OneOf(int.MaxValue, int.MinValue)))
        from shuffle in Gen.Bool
        from dropLast in Gen.Bool
        select Call($"DataLoader({rows} rows, batchSize {batchSize}, shuffle {shuffle}, dropLast {dropLast})", () =>
        {
            var loader = new DataLoader(new TensorDataset(Tensor.Zeros(rows, 2), Tensor.Arange(rows)), batchSize, shuffle, dropLast, seed: 1);
            var batches = loader.ToList();
            Assert.Equal(loader.Count, batches.Count);
            int expected = dropLast ? rows - rows % batchSize : rows;
            Assert.Equal(expected, batches.Sum(batch => batch[0].Size(0)));
            return batches.Count;
        });

    [Fact]
    public void LossesOnRandomTensorsGiveALossOrADocumentedError() => LossCalls.Sample(Check, iter: 1500);

    [Fact]
    public void LayersBuiltFromRandomSizesGiveAnOutputOrADocumentedError() => LayerCalls.Sample(Check, iter: 1500);

    [Fact]
    public void DataLoadersOfRandomSizesCoverEveryRowOrGiveADocumentedError() => LoaderCalls.Sample(Check, iter: 500);
}
