namespace GraphGen.Trainer;

/// <summary>The checkpoint given to <c>--resume</c> cannot be read or is not a trainer checkpoint; the message names the path.</summary>
public sealed class CheckpointLoadException(string message, Exception? inner = null) : Exception(message, inner);
