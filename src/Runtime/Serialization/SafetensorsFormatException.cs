namespace GraphGen.Serialization;

/// <summary>A file that is not a valid safetensors file; the message names the problem and, where there is one, the tensor.</summary>
public sealed class SafetensorsFormatException : FormatException
{
    public SafetensorsFormatException(string message) : base(message)
    {
    }

    public SafetensorsFormatException(string message, Exception inner) : base(message, inner)
    {
    }
}
