namespace GraphGen.Tests;

/// <summary>
/// Central finite-difference gradient check in float64 (PyTorch's <c>torch.autograd.gradcheck</c>).
/// The scalar checked is sum(f(inputs) · w) for a fixed random <c>w</c>, so every element of a
/// non-scalar output is exercised with a different weight.
/// </summary>
public static class GradCheck
{
    /// <summary>Random float64 values with |x| in [<paramref name="minAbs"/>, minAbs + 1.5), random signs unless <paramref name="positive"/>.</summary>
    public static Tensor Random(int[] shape, int seed, double minAbs = 0.1, bool positive = false)
    {
        var g = new RandomGenerator(seed);
        var data = new double[new Shape(shape).NumEl];
        for (int i = 0; i < data.Length; i++)
        {
            double m = minAbs + 1.5 * g.NextDouble();
            data[i] = positive || g.NextDouble() < 0.5 ? m : -m;
        }
        return Tensor.From<double>(data, shape);
    }

    /// <summary>
    /// Asserts that the analytic gradient of each input equals the central difference
    /// (f(x+eps) − f(x−eps)) / 2eps within <paramref name="atol"/> + <paramref name="rtol"/>·|numeric|,
    /// and that each gradient has its input's shape. Inputs must be contiguous float64 leaves; they are
    /// made to require grad here. Inputs that do not influence the output must get a zero (or no) gradient.
    /// </summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double rtol = 1e-5, double atol = 1e-6)
    {
        foreach (var x in inputs)
        {
            Assert.True(x.DType == DType.Float64 && x.IsLeaf && x.IsContiguous, "GradCheck inputs must be contiguous float64 leaves.");
            x.Grad = null;
            x.RequiresGrad = true;
        }
        var output = f(inputs);
        Assert.True(output.RequiresGrad, "The function's output does not require grad: nothing was recorded.");
        var weights = Random(output.ShapeArray, seed: 12345, minAbs: 0.5).To(output.DType);
        (output * weights).Sum().Backward();

        for (int i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            var analytic = x.Grad is { } g ? g.ToArray<double>() : new double[x.NumEl];
            if (x.Grad is not null)
                Assert.True(x.Grad.Shape == x.Shape, $"input {i}: gradient shape {x.Grad.Shape} differs from the input's shape {x.Shape}.");
            var data = x.AsSpan<double>();
            for (int j = 0; j < x.NumEl; j++)
            {
                double saved = data[j];
                data[j] = saved + eps;
                double plus = Evaluate(f, inputs, weights);
                data[j] = saved - eps;
                double minus = Evaluate(f, inputs, weights);
                data[j] = saved;
                double numeric = (plus - minus) / (2 * eps);
                double err = Math.Abs(analytic[j] - numeric);
                Assert.True(err <= atol + rtol * Math.Abs(numeric),
                    $"input {i} (shape {x.Shape}), flat element {j}: analytic gradient {analytic[j]:R} but central difference gives {numeric:R} (error {err:E2}).");
            }
        }
    }

    /// <summary>Shorthand for one-input functions.</summary>
    public static void Check(Func<Tensor, Tensor> f, Tensor input, double eps = 1e-6, double rtol = 1e-5, double atol = 1e-6)
        => Check(xs => f(xs[0]), [input], eps, rtol, atol);

    private static double Evaluate(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor weights)
    {
        using var _ = Autograd.NoGrad();
        return (f(inputs).To(DType.Float64) * weights.To(DType.Float64)).Sum().Item<double>();
    }
}
