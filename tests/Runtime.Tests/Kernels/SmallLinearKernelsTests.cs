using GraphGen.Compiled;
using GraphGen.Kernels.Cpu;
using GraphGen.Kernels.Cpu.Simd;

namespace GraphGen.Tests.Kernels.Cpu;

/// <summary>
/// The SmallLinear kernels (Linear layers with small constant widths) give the GEMM path's outputs and gradients at
/// every SIMD width, for odd widths, the kernels' largest width, batches that exercise the four-row blocks, their tails
/// and the staged last rows; and their gradients match central finite differences of their own forward.
/// </summary>
public class SmallLinearKernelsTests
{
    public static TheoryData<int, int> Widths => new() { { 1, 1 }, { 1, 3 }, { 3, 5 }, { 5, 7 }, { 7, 17 }, { 17, 1 }, { 17, 7 }, { 5, 20 }, { 20, 3 }, { 16, 8 }, { 64, 2 }, { 2, 64 }, { 64, 64 } };

    private static readonly int[] s_rows = { 0, 1, 3, 4, 5, 9, 33 };

    private static readonly SimdWidth[] s_simdWidths = { SimdWidth.Scalar, SimdWidth.V128, SimdWidth.V256, SimdWidth.V512 };

    [Theory]
    [MemberData(nameof(Widths))]
    public void MatchTheGemmPathAtEveryWidthAndBatch(int k, int n)
    {
        var random = new Random(k * 100 + n);
        foreach (int rows in s_rows)
            foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Sigmoid, Activation.Tanh })
            {
                bool withBias = activation != Activation.Sigmoid, accumulate = activation == Activation.Relu, earlierGrad = activation != Activation.None;
                var x = Values(random, rows * k);
                var dy = Values(random, rows * n);
                var dxBefore = Values(random, rows * k);
                var weightValues = Values(random, n * k);
                var biasValues = Values(random, n);
                var gradBefore = (Weight: Values(random, n * k), Bias: Values(random, n));
                var expected = RunGemm(x, dy, dxBefore, rows, k, n, weightValues, withBias ? biasValues : null, gradBefore, earlierGrad, activation, accumulate);
                foreach (var width in s_simdWidths)
                {
                    var actual = RunSmall(width, x, dy, dxBefore, rows, k, n, weightValues, withBias ? biasValues : null, gradBefore, earlierGrad, activation, accumulate);
                    string at = $"{k}x{n}, {rows} rows, {activation}, {width}";
                    Close(expected.Y, actual.Y, "y " + at);
                    Close(expected.Dx, actual.Dx, "dx " + at);
                    Close(expected.Dw, actual.Dw, "dW " + at);
                    Close(expected.Db, actual.Db, "db " + at);
                }
            }
    }

    [Fact]
    public void WithoutAnInputGradientTheParametersStillGetTheirs()
    {
        var random = new Random(5);
        int rows = 6, k = 3, n = 5;
        var x = Values(random, rows * k);
        var dy = Values(random, rows * n);
        var y = new float[rows * n];
        var (weight, bias) = Parameters(n, k, Values(random, n * k), Values(random, n), null, earlierGrad: false);
        SmallLinearKernels.Forward(x, y, rows, k, n, weight, bias, Activation.Tanh);
        SmallLinearKernels.Backward(x, y, dy, default, rows, k, n, weight, GradientTarget.For(weight), GradientTarget.For(bias), Activation.Tanh, accumulate: false);
        Assert.NotNull(weight.Grad);
        Assert.Contains(weight.Grad!.AsSpan<float>().ToArray(), v => v != 0f);
    }

    /// <summary>L = Σ y ⊙ r in double; each gradient element against (L(v + h) - L(v - h)) / 2h of the float32 forward.</summary>
    [Theory]
    [InlineData(1, 1, Activation.None)]
    [InlineData(3, 5, Activation.Tanh)]
    [InlineData(7, 17, Activation.Sigmoid)]
    [InlineData(17, 7, Activation.None)]
    [InlineData(5, 3, Activation.Tanh)]
    public void GradientsMatchFiniteDifferences(int k, int n, Activation activation)
    {
        var random = new Random(k * 31 + n);
        int rows = 6;
        const float h = 1e-2f;
        var x = Values(random, rows * k);
        var r = Values(random, rows * n);
        var weightValues = Values(random, n * k);
        var biasValues = Values(random, n);
        double Loss()
        {
            var y = new float[rows * n];
            var (w, b) = Parameters(n, k, weightValues, biasValues, null, earlierGrad: false);
            SmallLinearKernels.Forward(x, y, rows, k, n, w, b, activation);
            double sum = 0;
            for (int i = 0; i < y.Length; i++) sum += (double)y[i] * r[i];
            return sum;
        }

        var yOut = new float[rows * n];
        var (weight, bias) = Parameters(n, k, weightValues, biasValues, null, earlierGrad: false);
        SmallLinearKernels.Forward(x, yOut, rows, k, n, weight, bias, activation);
        var dx = new float[rows * k];
        SmallLinearKernels.Backward(x, yOut, (float[])r.Clone(), dx, rows, k, n, weight, GradientTarget.For(weight), GradientTarget.For(bias), activation, accumulate: false);
        var analytic = new (string Name, float[] Values, float[] Gradient)[] { ("x", x, dx), ("W", weightValues, weight.Grad!.AsSpan<float>().ToArray()), ("b", biasValues, bias!.Grad!.AsSpan<float>().ToArray()) };
        foreach (var (name, values, gradient) in analytic)
            for (int i = 0; i < values.Length; i++)
            {
                float saved = values[i];
                values[i] = saved + h;
                double plus = Loss();
                values[i] = saved - h;
                double minus = Loss();
                values[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - gradient[i]) <= 2e-3 + 2e-3 * Math.Abs(numeric),
                    $"d{name}[{i}] of {k}x{n} {activation}: analytic {gradient[i]}, finite differences {numeric}");
            }
    }

    [Fact]
    public void WidthsBeyondTheKernelsAreRefusedByName()
    {
        var weight = Tensor.Zeros(2, 65);
        var error = Assert.Throws<ArgumentException>(() => SmallLinearKernels.Forward(new float[65], new float[2], 1, 65, 2, weight, null, Activation.None));
        Assert.Contains("in features must be 1..64 but was 65", error.Message);
        var wrong = Assert.Throws<ArgumentException>(() => SmallLinearKernels.Forward(new float[3], new float[2], 1, 3, 2, Tensor.Zeros(3, 3), null, Activation.None));
        Assert.Contains("the weight has 9 elements but [2, 3] needs 6", wrong.Message);
    }

    private sealed record Result(float[] Y, float[] Dx, float[] Dw, float[] Db);

    private static Result RunGemm(float[] x, float[] dy, float[] dxBefore, int rows, int k, int n, float[] w, float[]? b,
        (float[] Weight, float[] Bias) gradBefore, bool earlierGrad, Activation activation, bool accumulate)
    {
        var (weight, bias) = Parameters(n, k, w, b, gradBefore, earlierGrad);
        var y = new float[rows * n];
        var g = (float[])dy.Clone();
        var dx = accumulate ? (float[])dxBefore.Clone() : new float[rows * k];
        LinearKernels.Forward(x, y, rows, k, n, weight, bias, activation);
        LinearKernels.ActivationGradient(y, g, activation);
        LinearKernels.WeightGradient(g, x, rows, k, n, GradientTarget.For(weight));
        LinearKernels.BiasGradient(g, rows, n, GradientTarget.For(bias));
        LinearKernels.InputGradient(g, dx, rows, k, n, weight, accumulate);
        return new Result(y, dx, weight.Grad!.AsSpan<float>().ToArray(), bias?.Grad?.AsSpan<float>().ToArray() ?? []);
    }

    private static Result RunSmall(SimdWidth width, float[] x, float[] dy, float[] dxBefore, int rows, int k, int n, float[] w, float[]? b,
        (float[] Weight, float[] Bias) gradBefore, bool earlierGrad, Activation activation, bool accumulate)
    {
        var saved = SimdDispatch.Override;
        SimdDispatch.Override = width;
        try
        {
            var (weight, bias) = Parameters(n, k, w, b, gradBefore, earlierGrad);
            var y = new float[rows * n];
            var dx = accumulate ? (float[])dxBefore.Clone() : Enumerable.Repeat(float.NaN, rows * k).ToArray(); // overwritten, never read
            SmallLinearKernels.Forward(x, y, rows, k, n, weight, bias, activation);
            SmallLinearKernels.Backward(x, y, (float[])dy.Clone(), dx, rows, k, n, weight, GradientTarget.For(weight), GradientTarget.For(bias), activation, accumulate);
            return new Result(y, dx, weight.Grad!.AsSpan<float>().ToArray(), bias?.Grad?.AsSpan<float>().ToArray() ?? []);
        }
        finally
        {
            SimdDispatch.Override = saved;
        }
    }

    /// <summary>Leaf parameters; with <paramref name="earlierGrad"/> they hold a gradient already, which the kernels add onto (beta 1).</summary>
    private static (Tensor Weight, Tensor? Bias) Parameters(int n, int k, float[] w, float[]? b, (float[] Weight, float[] Bias)? gradBefore, bool earlierGrad)
    {
        var weight = Tensor.Wrap((float[])w.Clone(), n, k).RequiresGrad_();
        var bias = b is null ? null : Tensor.Wrap((float[])b.Clone(), b.Length).RequiresGrad_();
        if (earlierGrad && gradBefore is { } before)
        {
            weight.Grad = Tensor.Wrap((float[])before.Weight.Clone(), weight.Shape.ToArray());
            if (bias is not null) bias.Grad = Tensor.Wrap((float[])before.Bias.Clone(), bias.Shape.ToArray());
        }

        return (weight, bias);
    }

    private static float[] Values(Random random, int count) => Enumerable.Range(0, count).Select(_ => random.NextSingle() * 2 - 1).ToArray();

    private static void Close(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f + 1e-5f * Math.Abs(expected[i]), $"{what} [{i}]: expected {expected[i]}, got {actual[i]}");
    }
}
