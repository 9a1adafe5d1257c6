namespace GraphGen.Trainer;

/// <summary>The training data could not be read: a missing directory or file, or a file that is not Fashion-MNIST.</summary>
public sealed class DataLoadException(string message, Exception? inner = null) : Exception(message, inner);
