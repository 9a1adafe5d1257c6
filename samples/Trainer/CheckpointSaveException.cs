namespace GraphGen.Trainer;

/// <summary>A checkpoint could not be written; the message names the path, the reason and where the weights are instead.</summary>
public sealed class CheckpointSaveException(string message, Exception? inner = null) : Exception(message, inner);
