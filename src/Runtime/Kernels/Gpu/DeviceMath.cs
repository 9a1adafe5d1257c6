using ILGPU;

namespace GraphGen.Kernels.Gpu;

/// <summary>
/// The transcendental functions a kernel generic over float32/float64 needs, PTX-native in both precisions, and the
/// atomic add (ILGPU's Atomic.Add has one overload per element type, so a generic kernel reaches it through here).
/// </summary>
public interface IDeviceMath<T> where T : unmanaged
{
    T Exp(T x);

    T Log(T x);

    T Tanh(T x);

    T Sigmoid(T x);

    T FromDouble(double value);

    void AtomicAdd(ArrayView<T> target, int index, T value);
}

public struct Float32Math : IDeviceMath<float>
{
    public readonly float Exp(float x) => GpuMath.Exp(x);
    public readonly float Log(float x) => GpuMath.Log(x);
    public readonly float Tanh(float x) => GpuMath.Tanh(x);
    public readonly float Sigmoid(float x) => GpuMath.Sigmoid(x);
    public readonly float FromDouble(double value) => (float)value;
    public readonly void AtomicAdd(ArrayView<float> target, int index, float value) => Atomic.Add(ref target[index], value);
}

public struct Float64Math : IDeviceMath<double>
{
    public readonly double Exp(double x) => GpuMath64.Exp(x);
    public readonly double Log(double x) => GpuMath64.Log(x);
    public readonly double Tanh(double x) => GpuMath64.Tanh(x);
    public readonly double Sigmoid(double x) => GpuMath64.Sigmoid(x);
    public readonly double FromDouble(double value) => value;
    public readonly void AtomicAdd(ArrayView<double> target, int index, double value) => Atomic.Add(ref target[index], value);
}
