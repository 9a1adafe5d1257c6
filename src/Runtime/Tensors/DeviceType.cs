namespace GraphGen;

/// <summary>The kind of a <see cref="Device"/>: the CPU, or a CUDA GPU.</summary>
public enum DeviceType
{
    Cpu,
    Cuda,
}
