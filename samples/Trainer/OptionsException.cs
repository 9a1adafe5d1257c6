namespace GraphGen.Trainer;

/// <summary>A command line the trainer cannot run: the message names the option, the value and what was expected.</summary>
public sealed class OptionsException(string message) : Exception(message);
