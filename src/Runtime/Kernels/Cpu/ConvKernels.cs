using System.Buffers;
using System.ComponentModel;
using System.Numerics.Tensors;
using GraphGen.Compiled;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Convolution's kernels as compiled code calls them (the Conv family of the generator's kernel calls): each builds
/// the <see cref="Conv2dGeometry"/> from the sizes the generator computed (a Conv1d is height 1) and runs the
/// im2col + GEMM functions of <see cref="Convolution"/> (or, for small patches, <see cref="DirectConvolution"/>, which
/// applies bias and activation in its register epilogue). The bias is pre-loaded into the GEMM's output and a fused
/// activation is applied to each sample's output right after its GEMM, while it is still in cache.
/// </summary>
/// <remarks>
/// The sizes come in <see cref="Conv2dGeometry"/>'s order. The im2col workspace is rented from the shared array pool
/// (one group of one sample), so a steady-state call allocates nothing.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConvKernels
{
    /// <summary>y = act(conv(x, W) + b), split over samples across workers or one sample at a time.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y,
        int batch, int inChannels, int inHeight, int inWidth, int outChannels, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int padTop, int padLeft, int dilationHeight, int dilationWidth, int groups, int outHeight, int outWidth,
        Tensor weight, Tensor? bias, Activation activation)
    {
        var sample = new Conv2dGeometry(1, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
            strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, groups, outHeight, outWidth);
        var w = weight.AsSpan<float>();
        var b = bias is null ? ReadOnlySpan<float>.Empty : bias.AsSpan<float>();
        var whole = sample with { Batch = batch };
        if (DirectConvolution.Applies(whole))
        {
            DirectConvolution.Forward(x, w, b, whole, y, activation);
            return;
        }
        var columns = ArrayPool<float>.Shared.Rent(sample.ColumnsLength);
        try
        {
            // A batch worth several workers splits over samples, each worker with its own columns (as the backward
            // passes do); otherwise one sample at a time, whose GEMM may still split across cores (a batch of one).
            int workers = Convolution.BatchWorkers(whole);
            if (workers > 1)
            {
                ConvolutionWorkers.Forward(x, w, b, whole, y, columns.AsSpan(0, sample.ColumnsLength), workers, activation);
                return;
            }
            for (int n = 0; n < batch; n++)
            {
                var yn = y.Slice(n * sample.OutputLength, sample.OutputLength);
                Convolution.Conv2dForward(x.Slice(n * sample.InputLength, sample.InputLength), w, b, sample, yn, columns.AsSpan(0, sample.ColumnsLength));
                Apply(activation, yn);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columns);
        }
    }

    /// <summary>dW (+)= Σ over samples of dY · columnsᵀ into the weight's gradient target.</summary>
    public static void WeightGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> x,
        int batch, int inChannels, int inHeight, int inWidth, int outChannels, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int padTop, int padLeft, int dilationHeight, int dilationWidth, int groups, int outHeight, int outWidth,
        in GradientTarget weight)
    {
        if (!weight.IsWanted) return;
        var g = new Conv2dGeometry(batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
            strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, groups, outHeight, outWidth);
        var columns = ArrayPool<float>.Shared.Rent(g.ColumnsLength);
        try
        {
            var dw = AccumulatingOutput.Begin(weight.Span, weight.Beta != 0f, out var scratch);
            Convolution.Conv2dBackwardWeight(x, dy, g, dw, columns.AsSpan(0, g.ColumnsLength));
            AccumulatingOutput.End(weight.Span, scratch);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columns);
        }
    }

    /// <summary>db (+)= Σ dy over samples and positions of each output channel into the bias's gradient target.</summary>
    public static void BiasGradient(ReadOnlySpan<float> dy,
        int batch, int inChannels, int inHeight, int inWidth, int outChannels, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int padTop, int padLeft, int dilationHeight, int dilationWidth, int groups, int outHeight, int outWidth,
        in GradientTarget bias)
    {
        if (!bias.IsWanted) return;
        var g = new Conv2dGeometry(batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
            strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, groups, outHeight, outWidth);
        var db = AccumulatingOutput.Begin(bias.Span, bias.Beta != 0f, out var scratch);
        Convolution.Conv2dBackwardBias(dy, g, db);
        AccumulatingOutput.End(bias.Span, scratch);
    }

    /// <summary>dx (+)= Wᵀ · dY scattered back (col2im); nothing when dx is empty (its gradient is not needed).</summary>
    public static void InputGradient(ReadOnlySpan<float> dy, Span<float> dx,
        int batch, int inChannels, int inHeight, int inWidth, int outChannels, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int padTop, int padLeft, int dilationHeight, int dilationWidth, int groups, int outHeight, int outWidth,
        Tensor weight, bool accumulate)
    {
        if (dx.IsEmpty) return;
        var g = new Conv2dGeometry(batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
            strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, groups, outHeight, outWidth);
        var w = weight.AsSpan<float>();
        var columns = ArrayPool<float>.Shared.Rent(g.ColumnsLength);
        try
        {
            var d = AccumulatingOutput.Begin(dx, accumulate, out var scratch);
            Convolution.Conv2dBackwardInput(dy, w, g, d, columns.AsSpan(0, g.ColumnsLength));
            AccumulatingOutput.End(dx, scratch);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columns);
        }
    }

    /// <summary>The epilogue's activation, in place.</summary>
    internal static void Apply(Activation activation, Span<float> y)
    {
        switch (activation)
        {
            case Activation.None: break;
            case Activation.Relu: TensorPrimitives.Max(y, 0f, y); break;
            case Activation.Sigmoid: TensorPrimitives.Sigmoid(y, y); break;
            case Activation.Tanh: TensorPrimitives.Tanh(y, y); break;
            default: throw new ArgumentOutOfRangeException(nameof(activation), activation, "expected an Activation member (None, Relu, Sigmoid, Tanh).");
        }
    }
}
