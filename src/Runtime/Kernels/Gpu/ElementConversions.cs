namespace GraphGen.Kernels.Gpu;

/// <summary>
/// Reads and writes one element type through double, so one <see cref="ElementwiseKernels.Convert{TIn, TOut, TRead, TWrite}"/>
/// kernel covers every dtype pair (float→int truncates toward zero and bool is nonzero, as in PyTorch).
/// </summary>
public interface IElementCodec<T> where T : unmanaged
{
    double Read(T value);

    T Write(double value);
}

public struct Float32Codec : IElementCodec<float>
{
    public readonly double Read(float value) => value;
    public readonly float Write(double value) => (float)value;
}

public struct Float64Codec : IElementCodec<double>
{
    public readonly double Read(double value) => value;
    public readonly double Write(double value) => value;
}

public struct Int64Codec : IElementCodec<long>
{
    public readonly double Read(long value) => value;
    public readonly long Write(double value) => (long)value;
}

public struct Int32Codec : IElementCodec<int>
{
    public readonly double Read(int value) => value;
    public readonly int Write(double value) => (int)value;
}

/// <summary>bool tensors are stored as bytes 0/1 on the device.</summary>
public struct BoolCodec : IElementCodec<byte>
{
    public readonly double Read(byte value) => value != 0 ? 1.0 : 0.0;
    public readonly byte Write(double value) => value != 0 ? (byte)1 : (byte)0;
}
