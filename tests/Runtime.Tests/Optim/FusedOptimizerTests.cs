using System.Numerics.Tensors;
using GraphGen.Kernels.Cpu;
using GraphGen.Kernels.Cpu.Simd;
using GraphGen.Optim;

namespace GraphGen.Tests.Optim;

/// <summary>
/// SGD, Adam and AdamW update each parameter in one fused pass (OptimizerKernels); the results must be bit-for-bit
/// those of PyTorch's single-tensor loop written op by op (one TensorPrimitives pass per operation, as the
/// optimizers did before), at every SIMD width, over lengths that leave a scalar tail.
/// </summary>
public class FusedOptimizerTests
{
    public static TheoryData<SimdWidth, int> WidthsAndLengths()
    {
        var data = new TheoryData<SimdWidth, int>();
        foreach (var width in new[] { SimdWidth.Scalar, SimdWidth.V128, SimdWidth.V256, SimdWidth.V512 })
            foreach (int length in new[] { 1, 37, 100 })
                data.Add(width, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(WidthsAndLengths))]
    public void SgdWithMomentumDecayAndNesterovMatchesTheOpByOpUpdate(SimdWidth width, int length)
    {
        foreach (var (nesterov, maximize, dampening) in new[] { (false, false, 0.1), (true, false, 0.0), (false, true, 0.0) })
        {
            var (param, grads) = Data(length, seed: length);
            var expected = (float[])param.Clone();
            var buffer = new float[length];
            var actualTensor = Tensor.From(param);
            var sgd = new SGD([actualTensor], lr: 0.05, momentum: 0.9, dampening: dampening, weightDecay: 0.01, nesterov: nesterov, maximize: maximize);
            using var _ = ForceWidth(width);
            for (int step = 1; step <= 3; step++)
            {
                var g = grads[step - 1];
                ReferenceSgd(expected, g, buffer, step == 1, 0.05f, 0.9f, (float)(1 - dampening), 0.01f, nesterov, maximize);
                actualTensor.Grad = Tensor.From(g);
                sgd.Step();
                Assert.Equal(expected, actualTensor.ToArray<float>());
            }
        }
    }

    [Theory]
    [MemberData(nameof(WidthsAndLengths))]
    public void AdamAndAdamWMatchTheOpByOpUpdate(SimdWidth width, int length)
    {
        foreach (var (decoupled, amsgrad, maximize, beta1) in new[] { (false, false, false, 0.9), (true, true, false, 0.9), (false, true, true, 0.3) })
        {
            var (param, grads) = Data(length, seed: 100 + length);
            var expected = (float[])param.Clone();
            var (m, v, maxV) = (new float[length], new float[length], new float[length]);
            var actualTensor = Tensor.From(param);
            Optimizer adam = decoupled
                ? new AdamW([actualTensor], lr: 0.01, betas: (beta1, 0.999), weightDecay: 0.1, amsgrad: amsgrad, maximize: maximize)
                : new Adam([actualTensor], lr: 0.01, betas: (beta1, 0.999), weightDecay: 0.1, amsgrad: amsgrad, maximize: maximize);
            using var _ = ForceWidth(width);
            for (int step = 1; step <= 3; step++)
            {
                var g = grads[step - 1];
                ReferenceAdam(expected, g, m, v, maxV, step, 0.01, beta1, 0.999, 1e-8, 0.1, decoupled, amsgrad, maximize);
                actualTensor.Grad = Tensor.From(g);
                adam.Step();
                Assert.Equal(expected, actualTensor.ToArray<float>());
            }
        }
    }

    private static (float[] Param, float[][] Grads) Data(int length, int seed)
    {
        var random = new Random(seed);
        float Next() => (random.NextSingle() - 0.5f) * 4;
        var param = Enumerable.Range(0, length).Select(_ => Next()).ToArray();
        var grads = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, length).Select(_ => Next()).ToArray()).ToArray();
        return (param, grads);
    }

    private static IDisposable ForceWidth(SimdWidth width)
    {
        var saved = SimdDispatch.Override;
        SimdDispatch.Override = width;
        return new Restore(() => SimdDispatch.Override = saved);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    // PyTorch's _single_tensor_sgd, one pass per operation.
    private static void ReferenceSgd(float[] param, float[] grad, float[] buf, bool first, float lr, float momentum, float oneMinusDampening,
        float weightDecay, bool nesterov, bool maximize)
    {
        var d = new float[param.Length];
        if (maximize) TensorPrimitives.Negate(grad, d);
        else grad.CopyTo(d, 0);
        TensorPrimitives.FusedMultiplyAdd(param, weightDecay, d, d);
        if (first) d.CopyTo(buf, 0);
        else
        {
            TensorPrimitives.Multiply(buf, momentum, buf);
            TensorPrimitives.FusedMultiplyAdd(d, oneMinusDampening, buf, buf);
        }

        if (nesterov) TensorPrimitives.FusedMultiplyAdd(buf, momentum, d, d);
        else buf.CopyTo(d, 0);
        TensorPrimitives.FusedMultiplyAdd(d, -lr, param, param);
    }

    // PyTorch's _single_tensor_adam, one pass per operation.
    private static void ReferenceAdam(float[] param, float[] grad, float[] m, float[] v, float[] maxV, int step, double lr, double beta1, double beta2,
        double eps, double weightDecay, bool decoupled, bool amsgrad, bool maximize)
    {
        int n = param.Length;
        var g = new float[n];
        var tmp = new float[n];
        if (decoupled) TensorPrimitives.Multiply(param, (float)(1 - lr * weightDecay), param);
        if (maximize) TensorPrimitives.Negate(grad, g);
        else grad.CopyTo(g, 0);
        if (!decoupled) TensorPrimitives.FusedMultiplyAdd(param, (float)weightDecay, g, g);
        float w = (float)(1 - beta1);
        TensorPrimitives.Subtract(g, m, tmp);
        if (Math.Abs(w) < 0.5f) TensorPrimitives.FusedMultiplyAdd(tmp, w, m, m);
        else TensorPrimitives.FusedMultiplyAdd(tmp, -(1 - w), g, m);
        TensorPrimitives.Multiply(v, (float)beta2, v);
        TensorPrimitives.Multiply(g, (float)(1 - beta2), tmp);
        TensorPrimitives.FusedMultiplyAdd(tmp, g, v, v);
        var second = v;
        if (amsgrad)
        {
            TensorPrimitives.Max(maxV, v, maxV);
            second = maxV;
        }

        double stepSize = lr / (1 - Math.Pow(beta1, step));
        TensorPrimitives.Sqrt(second, tmp);
        TensorPrimitives.Divide(tmp, (float)Math.Sqrt(1 - Math.Pow(beta2, step)), tmp);
        TensorPrimitives.Add(tmp, (float)eps, tmp);
        TensorPrimitives.Divide(m, tmp, tmp);
        TensorPrimitives.FusedMultiplyAdd(tmp, (float)-stepSize, param, param);
    }
}
