using GraphGen.Nn;
using GraphGen.Samples;

namespace GraphGen.Trainer;

/// <summary>Builds the classifier <c>--model</c> names and says what image layout it takes.</summary>
public static class ModelFactory
{
    /// <summary>A fresh model, its weights drawn from the default generator (seed it first).</summary>
    public static Module Create(ModelKind kind) => kind switch
    {
        ModelKind.Mlp => new FashionClassifier(),
        ModelKind.Cnn => new FashionCnnNet(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown model kind."),
    };

    /// <summary>Whether the model takes flattened [B, 784] images (the MLP) rather than [B, 1, 28, 28] (the CNN).</summary>
    public static bool TakesFlatImages(ModelKind kind) => kind == ModelKind.Mlp;

    /// <summary>The name as <c>--model</c> spells it.</summary>
    public static string Name(ModelKind kind) => kind.ToString().ToLowerInvariant();
}
