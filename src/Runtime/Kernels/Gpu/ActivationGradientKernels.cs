using System.ComponentModel;
using ILGPU;
using Activation = GraphGen.Kernels.Cpu.Activation;

namespace GraphGen.Kernels.Gpu;

/// <summary>The backward of an activation fused into the GEMM's epilogue, from its output alone (compiled GPU code).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ActivationGradientKernels
{
    /// <summary>dy becomes the gradient before the GEMM's fused activation, in place, from its output y.</summary>
    [GpuKernel]
    public static void ActivationGradient(Index1D i, ArrayView<float> y, ArrayView<float> dy, Activation activation)
    {
        float v = y[i];
        if (activation == Activation.Relu) dy[i] = v > 0f ? dy[i] : 0f;
        else if (activation == Activation.Sigmoid) dy[i] = dy[i] * v * (1f - v);
        else if (activation == Activation.Tanh) dy[i] = dy[i] * (1f - v * v);
    }
}
