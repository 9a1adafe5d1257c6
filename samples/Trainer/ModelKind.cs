namespace GraphGen.Trainer;

/// <summary>The classifiers <c>--model</c> accepts.</summary>
public enum ModelKind
{
    /// <summary><see cref="FashionClassifier"/>: 784-256-10, compiled by the [Module] generator.</summary>
    Mlp,

    /// <summary><see cref="GraphGen.Samples.FashionCnnNet"/>: the conv-BN net of samples/FashionCnn.</summary>
    Cnn,
}
