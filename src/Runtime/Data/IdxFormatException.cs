namespace GraphGen.Data;

/// <summary>An IDX (MNIST-format) file whose header or length is not what the reader expects.</summary>
public sealed class IdxFormatException : FormatException
{
    public IdxFormatException(string message) : base(message)
    {
    }

    public IdxFormatException(string message, Exception inner) : base(message, inner)
    {
    }
}
