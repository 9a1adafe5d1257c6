namespace GraphGen.Serialization;

/// <summary>A file that is not a valid safetensors file; the message names the problem and, where there is one, the tensor.</summary>
public sealed class SafetensorsFormatException : FormatException
{
    /// <summary>A format error described by <paramref name="message"/>.</summary>
    public SafetensorsFormatException(string message) : base(message)
    {
    }

    /// <summary>A format error described by <paramref name="message"/>, found through <paramref name="inner"/>.</summary>
    public SafetensorsFormatException(string message, Exception inner) : base(message, inner)
    {
    }
}
