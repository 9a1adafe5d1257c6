using System.ComponentModel;
using GraphGen.Compiled;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Linear's kernels as compiled code calls them (the Linear family of the generator's kernel calls): the forward
/// GEMM with the bias and activation in its epilogue, the fused activation's gradient, and the three backward pieces.
/// Each is one call of <see cref="Gemm.Sgemm"/> or of a gradient kernel; a gradient that is not wanted is skipped here.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LinearKernels
{
    /// <summary>y[rows, n] = act(x[rows, k] · Wᵀ + b): one GEMM, W read in place and transposed.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int rows, int k, int n, Tensor weight, Tensor? bias, Activation activation) =>
        Gemm.Sgemm(false, true, rows, n, k, x, k, weight.AsSpan<float>(), k, y, n, 0f, bias is { } b ? b.AsSpan<float>() : default, activation);

    /// <summary>dy becomes the gradient before the GEMM's fused activation, in place (it needs only the output y).</summary>
    public static void ActivationGradient(ReadOnlySpan<float> y, Span<float> dy, Activation activation)
    {
        switch (activation)
        {
            case Activation.None: break;
            case Activation.Relu: ActivationGradients.Relu(y, dy); break;
            case Activation.Sigmoid: ActivationGradients.Sigmoid(y, dy); break;
            case Activation.Tanh: ActivationGradients.Tanh(y, dy); break;
            default: throw new ArgumentOutOfRangeException(nameof(activation), activation, "expected an Activation member with a gradient (None, Relu, Sigmoid, Tanh).");
        }
    }

    /// <summary>dW (+)= dyᵀ · x [n, k] into the weight's gradient target (beta 1 adds onto an existing Grad).</summary>
    public static void WeightGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int rows, int k, int n, in GradientTarget weight)
    {
        if (weight.IsWanted) Gemm.Sgemm(true, false, n, k, rows, dy, n, x, k, weight.Span, k, weight.Beta);
    }

    /// <summary>db (+)= the sum of dy's rows [n] into the bias's gradient target.</summary>
    public static void BiasGradient(ReadOnlySpan<float> dy, int rows, int n, in GradientTarget bias)
    {
        if (bias.IsWanted) LinearGradients.SumRows(dy, rows, n, bias.Span, bias.Beta);
    }

    /// <summary>dx (+)= dy · W [rows, k]; nothing when dx is empty (its gradient is not needed).</summary>
    public static void InputGradient(ReadOnlySpan<float> dy, Span<float> dx, int rows, int k, int n, Tensor weight, bool accumulate)
    {
        if (!dx.IsEmpty) Gemm.Sgemm(false, false, rows, k, n, dy, n, weight.AsSpan<float>(), k, dx, k, accumulate ? 1f : 0f);
    }
}
