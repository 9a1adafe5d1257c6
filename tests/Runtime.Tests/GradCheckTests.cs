namespace GraphGen.Tests;

/// <summary>
/// Every differentiable op's analytic gradient against central finite differences in float64,
/// on contiguous and non-contiguous inputs, through views, in-place ops and shared subexpressions.
/// </summary>
public class GradCheckTests
{
    private static Tensor R(params int[] shape) => GradCheck.Random(shape, seed: shape.Sum() * 31 + shape.Length);

    private static Tensor R(int seed, int[] shape, bool positive = false, double minAbs = 0.1) => GradCheck.Random(shape, seed, minAbs, positive);

    // ---------------------------------------------------------------- binary with broadcasting

    public static TheoryData<string, int[], int[]> BroadcastPairs()
    {
        var data = new TheoryData<string, int[], int[]>();
        int[][][] pairs =
        [
            [[3, 4], [3, 4]], [[3, 1], [1, 4]], [[4], [3, 4]], [[3, 4], [4]], [[2, 3, 4], [3, 1]],
            [[], [2, 3]], [[2, 3], []], [[2, 1, 4], [3, 1]], [[1], [5]], [[2, 1, 3, 1], [4, 1, 5]],
        ];
        foreach (var op in new[] { "add", "sub", "mul", "div", "pow", "maximum", "minimum" })
            foreach (var p in pairs) data.Add(op, p[0], p[1]);
        return data;
    }

    [Theory]
    [MemberData(nameof(BroadcastPairs))]
    public void BinaryOpsWithBroadcasting(string op, int[] shapeA, int[] shapeB)
    {
        var a = R(1, shapeA, positive: op == "pow", minAbs: 0.5);
        var b = R(2, shapeB, minAbs: 0.5);
        GradCheck.Check(x => op switch
        {
            "add" => x[0] + x[1],
            "sub" => x[0] - x[1],
            "mul" => x[0] * x[1],
            "div" => x[0] / x[1],
            "pow" => x[0].Pow(x[1]),
            "maximum" => x[0].Maximum(x[1]),
            _ => x[0].Minimum(x[1]),
        }, [a, b]);
    }

    [Fact]
    public void ScalarOperandsOnBothSides()
    {
        GradCheck.Check(x => (2.5 - x) * 3L + x / 4.0 - 1.5 / x + 7L / x, R(2, [3, 2], minAbs: 0.5));
    }

    [Fact]
    public void MaximumTiesSplitTheGradientLikePyTorch()
    {
        var a = Tensor.From([1.0, 2.0, 3.0]).RequiresGrad_();
        var b = Tensor.From([1.0, 5.0, 0.0]).RequiresGrad_();
        a.Maximum(b).Sum().Backward();
        Assert.Equal([0.5, 0.0, 1.0], a.Grad!.ToArray<double>());
        Assert.Equal([0.5, 1.0, 0.0], b.Grad!.ToArray<double>());
        a.Grad = b.Grad = null;
        a.Minimum(b).Sum().Backward();
        Assert.Equal([0.5, 1.0, 0.0], a.Grad!.ToArray<double>());
        Assert.Equal([0.5, 0.0, 1.0], b.Grad!.ToArray<double>());
    }

    // ---------------------------------------------------------------- unary, on contiguous and strided inputs

    public static TheoryData<string, string> UnaryOps()
    {
        var data = new TheoryData<string, string>();
        string[] ops = ["neg", "abs", "exp", "log", "sqrt", "pow2", "pow0.5", "pow-1.5", "pow3", "pow0", "sigmoid", "tanh", "relu",
            "leaky_relu", "gelu", "gelu_tanh", "elu", "elu0.5", "silu", "clone", "contiguous", "to_float64"];
        foreach (var op in ops)
            foreach (var layout in new[] { "contiguous", "transposed", "narrowed", "expanded", "scalar" })
                data.Add(op, layout);
        return data;
    }

    internal static Tensor Unary(string op, Tensor x) => op switch
    {
        "neg" => -x,
        "abs" => x.Abs(),
        "exp" => x.Exp(),
        "log" => x.Log(),
        "sqrt" => x.Sqrt(),
        "pow2" => x.Pow(2),
        "pow0.5" => x.Pow(0.5),
        "pow-1.5" => x.Pow(-1.5),
        "pow3" => x.Pow(3),
        "pow0" => x.Pow(0),
        "sigmoid" => x.Sigmoid(),
        "tanh" => x.Tanh(),
        "relu" => x.Relu(),
        "leaky_relu" => x.LeakyRelu(0.1),
        "gelu" => x.Gelu(),
        "gelu_tanh" => x.Gelu("tanh"),
        "elu" => x.Elu(),
        "elu0.5" => x.Elu(0.5),
        "silu" => x.Silu(),
        "clone" => x.Clone(),
        "contiguous" => x.Contiguous(),
        "to_float64" => x.To(DType.Float64),
        _ => throw new ArgumentException(op),
    };

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void UnaryOp(string op, string layout)
    {
        bool positive = op is "log" or "sqrt" or "pow0.5" or "pow-1.5";
        var x = R(3, layout == "scalar" ? [] : [4, 3], positive, minAbs: 0.2);
        GradCheck.Check(t => Unary(op, layout switch
        {
            "transposed" => t.T,
            "narrowed" => t.Narrow(1, 1, 2),
            "expanded" => t.Narrow(1, 0, 1).Expand(4, 5),
            _ => t,
        }), x);
    }

    [Fact]
    public void ToFloat32AndBack()
    {
        // Through float32 the perturbation must be large enough to survive rounding; the function is linear.
        GradCheck.Check(x => x.To(DType.Float32).To(DType.Float64) * 3.0, R(4, [3, 2]), eps: 1e-2, rtol: 1e-4, atol: 1e-4);
        var y = Tensor.From([1.0, 2.0]).RequiresGrad_();
        var z = y.To(DType.Float32);
        Assert.Equal("ToCopyBackward0", z.GradFn!.Name);
        z.Sum().Backward();
        Assert.Equal(DType.Float64, y.Grad!.DType);
    }

    // ---------------------------------------------------------------- reductions

    public static TheoryData<string> Reductions() =>
    [
        "sum", "sum0", "sum1", "sum-1", "sum1_keep", "sum02", "sum02_keep", "sum_all_dims",
        "mean", "mean0", "mean-1_keep", "mean01", "mean12_keep",
        "max", "min", "max0", "max1_keep", "min2", "min-2_keep",
    ];

    [Theory]
    [MemberData(nameof(Reductions))]
    public void Reduction(string op)
    {
        // Distinct magnitudes: max/min have no ties, so the gradient is defined.
        var x = Tensor.From<double>(Enumerable.Range(0, 24).Select(i => Math.Sin(i * 1.7) * (1 + i * 0.01)).ToArray(), [2, 3, 4]);
        GradCheck.Check(t => op switch
        {
            "sum" => t.Sum(),
            "sum0" => t.Sum(0),
            "sum1" => t.Sum(1),
            "sum-1" => t.Sum(-1),
            "sum1_keep" => t.Sum(1, keepDim: true),
            "sum02" => t.Sum([0, 2]),
            "sum02_keep" => t.Sum([0, 2], keepDim: true),
            "sum_all_dims" => t.Sum([0, 1, 2]),
            "mean" => t.Mean(),
            "mean0" => t.Mean(0),
            "mean-1_keep" => t.Mean(-1, keepDim: true),
            "mean01" => t.Mean([0, 1]),
            "mean12_keep" => t.Mean([1, 2], keepDim: true),
            "max" => t.Max(),
            "min" => t.Min(),
            "max0" => t.Max(0).Values,
            "max1_keep" => t.Max(1, keepDim: true).Values,
            "min2" => t.Min(2).Values,
            _ => t.Min(-2, keepDim: true).Values,
        }, x);
    }

    [Fact]
    public void ReductionsOfTransposedInput()
    {
        GradCheck.Check(t => t.Transpose(0, 2).Sum(1) + t.Transpose(0, 2).Max(0).Values.Sum(), R(5, [2, 3, 4]));
    }

    // ---------------------------------------------------------------- matmul

    public static TheoryData<int[], int[]> MatMulShapes() => new()
    {
        { [4], [4] }, { [4], [4, 3] }, { [3, 4], [4] }, { [3, 4], [4, 5] }, { [2, 3, 4], [4, 5] },
        { [3, 4], [2, 4, 5] }, { [2, 3, 4], [2, 4, 5] }, { [4], [2, 4, 5] }, { [2, 3, 4], [4] },
        { [2, 1, 3, 4], [5, 4, 2] }, { [1, 3, 4], [2, 4, 2] }, { [1, 4], [4, 1] }, { [3, 0], [0, 2] },
    };

    [Theory]
    [MemberData(nameof(MatMulShapes))]
    public void MatMul(int[] shapeA, int[] shapeB)
    {
        GradCheck.Check(x => x[0].MatMul(x[1]), [R(6, shapeA), R(7, shapeB)]);
    }

    [Fact]
    public void MatMulOfTransposedAndNarrowedOperands()
    {
        GradCheck.Check(x => x[0].T.MatMul(x[1].T), [R(8, [4, 3]), R(9, [5, 4])]);
        GradCheck.Check(x => x[0].Narrow(2, 1, 3).MatMul(x[1].Transpose(-1, -2)), [R(8, [2, 3, 5]), R(9, [2, 4, 3])]);
    }

    // ---------------------------------------------------------------- softmax

    public static TheoryData<int> Dims() => [0, 1, 2, -1, -2, -3];

    [Theory]
    [MemberData(nameof(Dims))]
    public void SoftmaxAndLogSoftmax(int dim)
    {
        GradCheck.Check(x => x.Softmax(dim), R(10, [2, 3, 4]));
        GradCheck.Check(x => x.LogSoftmax(dim), R(11, [2, 3, 4]));
        GradCheck.Check(x => x.Transpose(0, 2).LogSoftmax(dim), R(12, [2, 3, 4]));
    }

    // ---------------------------------------------------------------- views

    public static TheoryData<string> Views() =>
    [
        "view", "view-1", "reshape", "reshape_transposed", "flatten", "flatten12", "transpose", "T", "squeeze", "squeeze1",
        "unsqueeze0", "unsqueeze-1", "expand", "expand_new_dims", "narrow", "narrow_negative_start", "slice", "slice_negative",
        "select", "select_negative", "index", "chain",
    ];

    [Theory]
    [MemberData(nameof(Views))]
    public void View(string op)
    {
        GradCheck.Check(t => op switch
        {
            "view" => t.View(6, 4),
            "view-1" => t.View(-1),
            "reshape" => t.Reshape(4, -1),
            "reshape_transposed" => t.Transpose(0, 1).Reshape(-1),
            "flatten" => t.Flatten(),
            "flatten12" => t.Flatten(1, 2),
            "transpose" => t.Transpose(0, 2),
            "T" => t.Reshape(6, 4).T,
            "squeeze" => t.Narrow(1, 0, 1).Squeeze(),
            "squeeze1" => t.Narrow(1, 2, 1).Squeeze(1),
            "unsqueeze0" => t.Unsqueeze(0),
            "unsqueeze-1" => t.Transpose(0, 1).Unsqueeze(-1),
            "expand" => t.Narrow(2, 1, 1).Expand(2, 3, 5),
            "expand_new_dims" => t.Expand(3, 2, 3, 4),
            "narrow" => t.Narrow(2, 1, 2),
            "narrow_negative_start" => t.Narrow(1, -2, 2),
            "slice" => t.Slice(2, 1, 3),
            "slice_negative" => t.Slice(-1, -3, -1),
            "select" => t.Select(1, 2),
            "select_negative" => t.Select(-1, -1),
            "index" => t[1],
            _ => t.Transpose(1, 2).Narrow(0, 1, 1).Squeeze(0).Unsqueeze(1).Expand(4, 2, 3).Reshape(-1),
        }, R(13, [2, 3, 4]));
    }

    // ---------------------------------------------------------------- in place, shared subexpressions, retained grads

    [Fact]
    public void InPlaceOpsOnNonLeavesRebaseHistory()
    {
        GradCheck.Check(x =>
        {
            var y = x[0] * 2.0;
            y.Add_(x[1]);
            y.Mul_(x[0]);
            y.Div_(x[1]);
            y.Sub_(3.0);
            y.Mul_(0.5).Add_(1.0).Div_(2.0);
            return y;
        }, [R(14, [3, 4], minAbs: 0.5), R(15, [4], minAbs: 0.5)]);
    }

    [Fact]
    public void InPlaceOnAViewOfANonLeaf()
    {
        GradCheck.Check(x =>
        {
            var y = x[0] * 1.5;
            y.Narrow(1, 1, 2).Mul_(x[1]);
            y[0].Add_(x[0][2]);
            return y.Exp();
        }, [R(16, [3, 4]), R(17, [3, 1])]);
    }

    [Fact]
    public void CopyIntoANonLeafIsDifferentiable()
    {
        GradCheck.Check(x =>
        {
            var y = x[0] * 2.0;
            y.Narrow(0, 0, 1).Copy_(x[1]);
            return y * y;
        }, [R(18, [3, 4]), R(19, [4])]);
    }

    [Fact]
    public void SharedSubexpressionsAccumulate()
    {
        GradCheck.Check(x =>
        {
            var e = x[0].Exp();
            var s = e.Sum(1, keepDim: true);
            var p = e / s;                         // e used twice
            var q = p * x[0] + p.MatMul(x[1]);     // p used twice, x[0] used three times
            return q.Tanh() + q.Sigmoid() * e;
        }, [R(20, [3, 4]), R(21, [4, 4])]);
    }

    [Fact]
    public void SameTensorOnBothSides()
    {
        GradCheck.Check(x => x * x + x / (x.Abs() + 1.0) - x.MatMul(x.T), R(22, [3, 3]));
    }

    [Fact]
    public void RetainedGradOfAnIntermediateEqualsThatOfTheSameFunctionOfALeaf()
    {
        var x = R(23, [3, 4]).RequiresGrad_();
        var y = x.Exp();
        y.RetainGrad();
        Tensor Tail(Tensor t) => (t * t).Softmax(1).Log().Sum(0);
        var w = GradCheck.Random([4], seed: 5);
        (Tail(y) * w).Sum().Backward();

        var leaf = y.Detach().Clone().RequiresGrad_();
        (Tail(leaf) * w).Sum().Backward();
        Assert.NotNull(y.Grad);
        Assert.Equal(leaf.Grad!.ToArray<double>(), y.Grad!.ToArray<double>());
        GradCheck.Check(Tail, y.Detach().Clone());
    }

    [Fact]
    public void CustomFunctionGradientIsUsed()
    {
        GradCheck.Check(x =>
        {
            Tensor cube;
            using (Autograd.NoGrad()) cube = x * x * x;
            var input = x;
            return Autograd.Function("CubeBackward", cube, g => [g * 3.0 * input * input], x) + x;
        }, R(24, [5]));
    }
}
