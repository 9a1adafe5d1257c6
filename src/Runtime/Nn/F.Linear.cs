using System.Numerics.Tensors;
using GraphGen.Kernels.Cpu;

namespace GraphGen.Nn;

public static partial class F
{
    /// <summary>
    /// y = x·Wᵀ + b (PyTorch's <c>F.linear</c>). <paramref name="input"/> has shape (*, in_features),
    /// <paramref name="weight"/> (out_features, in_features), <paramref name="bias"/> (out_features); the result
    /// has shape (*, out_features). A 1-D input gives a 1-D output.
    /// </summary>
    /// <remarks>
    /// Float32 CPU tensors take one fused step: a single GEMM with Wᵀ read in place and the bias added in
    /// its epilogue, recorded as one autograd node named as PyTorch names it (<see cref="LinearNodeName"/>) whose
    /// backward is three GEMM-shaped kernels: dX = dY·W, dW = dYᵀ·X, db = column sums of dY, each computed only
    /// when that input needs it. Leading dimensions are flattened into GEMM rows. Other dtypes use the generic
    /// MatMul path.
    /// </remarks>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
            throw new ArgumentException($"Linear: weight must have shape [out_features, in_features] but has shape {weight.Shape}.", nameof(weight));
        int outF = weight.ShapeArray[0], inF = weight.ShapeArray[1];
        if (input.Rank == 0 || input.ShapeArray[^1] != inF)
            throw new ArgumentException($"Linear: input of shape {input.Shape} does not fit weight of shape {weight.Shape}: expected input shape (*, {inF}) (the last dimension holds the {inF} input features).", nameof(input));
        if (bias is not null && (bias.Rank != 1 || bias.ShapeArray[0] != outF))
            throw new ArgumentException($"Linear: bias must have shape [{outF}] (one per output feature) but has shape {bias.Shape}.", nameof(bias));
        if (input.DType != weight.DType || (bias is not null && bias.DType != weight.DType))
            throw new InvalidOperationException($"Linear: expected input, weight and bias of the same dtype, but got input {input.DType.TorchName()}, weight {weight.DType.TorchName()}{(bias is null ? "" : $", bias {bias.DType.TorchName()}")}.");

        if (input.Storage is GpuStorage && weight.Storage is GpuStorage && (bias is null || bias.Storage is GpuStorage) && input.DType == DType.Float32)
            return Kernels.Gpu.GpuTensorOps.Linear(input, weight, bias);
        if (input.DType != DType.Float32 || input.Device != Device.Cpu || weight.Device != Device.Cpu || (bias is not null && bias.Device != Device.Cpu))
        {
            var y = input.MatMul(weight.T);
            return bias is null ? y : y + bias;
        }
        return LinearFloat32(input, weight, bias, outF, inF);
    }

    /// <summary>
    /// The name PyTorch prints for a linear layer's grad_fn: <c>AddmmBackward0</c> (<c>MmBackward0</c> without a bias), but
    /// <c>AddBackward0</c> for a 1-D input with a bias, where PyTorch adds the bias to a matrix-vector product.
    /// </summary>
    internal static string LinearNodeName(Tensor input, Tensor? bias) =>
        bias is null ? "MmBackward0" : input.Rank == 1 ? "AddBackward0" : "AddmmBackward0";

    private static Tensor LinearFloat32(Tensor input, Tensor weight, Tensor? bias, int outF, int inF)
    {
        var x = input.Detach().Contiguous();
        var w = weight.Detach().Contiguous();
        var b = bias?.Detach().Contiguous();
        int rows = ProductOfLeading(x.ShapeArray); // leading dims flattened into GEMM rows; 1 for a 1-D input
        var outShape = (int[])input.ShapeArray.Clone();
        // Zeroed so that an empty product (in_features = 0) is 0 before the bias is copied in.
        outShape[^1] = outF;
        var y = new Tensor(CpuStorage.Allocate(DType.Float32, rows * outF, clear: true), outShape);
        if (inF == 0)
        {
            // An empty product is zero: the output is just the bias.
            if (b is not null) for (int r = 0; r < rows; r++) b.Span<float>().CopyTo(y.Span<float>().Slice(r * outF, outF));
        }
        else if (rows > 0 && outF > 0)
        {
            Gemm.Sgemm(false, true, rows, outF, inF, x.Span<float>(), inF, w.Span<float>(), inF, y.Span<float>(), outF,
                bias: b is null ? default : b.Span<float>());
        }

        bool needX = input.RequiresGrad, needW = weight.RequiresGrad, needB = bias is { RequiresGrad: true };
        return Autograd.Record(LinearNodeName(input, bias), y, g =>
        {
            var dy = g.Contiguous();
            var dySpan = dy.Span<float>();
            Tensor? dx = null, dw = null, db = null;
            if (needX)
            {
                dx = new Tensor(CpuStorage.Allocate(DType.Float32, rows * inF, clear: true), (int[])input.ShapeArray.Clone());
                if (rows > 0 && inF > 0 && outF > 0)
                    Gemm.Sgemm(false, false, rows, inF, outF, dySpan, outF, w.Span<float>(), inF, dx.Span<float>(), inF);
            }
            if (needW)
            {
                dw = new Tensor(CpuStorage.Allocate(DType.Float32, outF * inF, clear: true), [outF, inF]);
                if (rows > 0 && inF > 0 && outF > 0)
                    Gemm.Sgemm(true, false, outF, inF, rows, dySpan, outF, x.Span<float>(), inF, dw.Span<float>(), inF);
            }
            if (needB)
            {
                db = new Tensor(CpuStorage.Allocate(DType.Float32, outF), [outF]);
                var acc = db.Span<float>();
                for (int r = 0; r < rows; r++) TensorPrimitives.Add(acc, dySpan.Slice(r * outF, outF), acc);
            }
            return [dx, dw, db];
        }, input, weight, bias);
    }

    private static int ProductOfLeading(int[] shape)
    {
        int n = 1;
        for (int i = 0; i < shape.Length - 1; i++) n *= shape[i];
        return n;
    }
}
