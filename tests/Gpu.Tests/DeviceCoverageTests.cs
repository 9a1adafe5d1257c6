using GraphGen.Nn;

namespace GraphGen.Gpu.Tests;

/// <summary>
/// The audit of the public eager surface on a CUDA device: every op a training loop reaches (tensor ops,
/// activations, losses, reductions, dtypes) runs on the (emulated) device — never on the host behind the
/// user's back — and gives what the CPU backend gives, outputs and gradients. Inputs are tiny: the CPU
/// accelerator is an emulator.
/// </summary>
public class DeviceCoverageTests
{
    private static readonly Device Cuda = GpuTestSetup.Cuda;

    /// <summary>One op: builds its inputs on the given device from fixed CPU data, runs forward (and backward), returns what to compare.</summary>
    public sealed record OpCase(string Name, Func<Device, Tensor[]> Run, double Atol = 1e-5, double Rtol = 1e-4)
    {
        public override string ToString() => Name;
    }

    private static readonly RandomGenerator Gen = new(21);
    private static readonly Tensor X = Tensor.Randn([3, 4], Gen) * 2.0;
    private static readonly Tensor X3 = Tensor.Randn([2, 3, 4], Gen);
    private static readonly Tensor W = Tensor.Randn([4, 5], Gen);
    private static readonly Tensor Probabilities = Tensor.Rand([3, 4], Gen) * 0.98 + 0.01;
    private static readonly Tensor Targets01 = Tensor.Rand([3, 4], Gen);
    private static readonly Tensor Labels = Tensor.From([2L, 0, 3]);
    private static readonly Tensor OtherLabels = Tensor.From([1L, 1, 3]);
    private static readonly Tensor LabelsWithIgnored = Tensor.From([2L, -100, 3]);
    private static readonly Tensor ClassWeight = Tensor.From([0.5f, 1f, 2f, 1.5f]);
    private static readonly Tensor Spatial = Tensor.Randn([2, 4, 3], Gen); // (N, C, d1)
    private static readonly Tensor SpatialLabels = Tensor.From(new long[,] { { 0, 3, 1 }, { 2, 2, -100 } });

    /// <summary>A leaf on <paramref name="d"/> that requires grad, holding <paramref name="cpu"/>'s values.</summary>
    private static Tensor Leaf(Tensor cpu, Device d) => cpu.Detach().Clone().To(d).Detach().RequiresGrad_();

    private static Tensor On(Tensor cpu, Device d) => cpu.Detach().To(d);

    /// <summary>y = f(x) for a leaf x; returns y and dL/dx for L = Σ y·c with a fixed, non-uniform c.</summary>
    private static Tensor[] Differentiate(Device d, Tensor input, Func<Tensor, Tensor> f)
    {
        var x = Leaf(input, d);
        var y = f(x);
        var weights = On(Tensor.Arange(0, y.NumEl, 1, DType.Float32).Reshape(y.ShapeArray) * 0.1 + 0.5, d);
        (y * weights).Sum().Backward();
        return [y, x.Grad!];
    }

    private static Tensor[] Loss(Device d, Tensor input, Func<Tensor, Tensor> loss)
    {
        var x = Leaf(input, d);
        var l = loss(x);
        (l.Rank == 0 ? l : l.Sum()).Backward();
        return [l, x.Grad!];
    }

    private static Tensor[] InPlace(Device d)
    {
        var x = On(X.To(DType.Float64), d).Clone();
        x.Add_(On(X[0].To(DType.Float64), d)).Mul_(1.5);
        x.T.Narrow(0, 1, 2).Fill_(-2);
        var labels = On(Labels, d).Clone();
        labels.Add_(On(OtherLabels, d));
        labels.Mul_(On(Tensor.Scalar(3L), d));
        return [x, labels];
    }

    private static Tensor[] Clip(Device d, Tensor gradient)
    {
        var p = Leaf(gradient, d);
        p.Grad = F.Dropout(On(gradient, d), 0.5, training: false) * 3.0;
        var total = GradClipping.ClipGradNorm_([p], 1.0);
        return [total.To(DType.Float64), p.Grad!];
    }

    public static TheoryData<OpCase> Cases => new()
    {
        // activations and unary math
        new OpCase("Gelu", d => Differentiate(d, X, x => x.Gelu())),
        new OpCase("Gelu(tanh)", d => Differentiate(d, X, x => F.Gelu(x, "tanh"))),
        new OpCase("Tensor.Elu", d => Differentiate(d, X, x => x.Elu(0.7))),
        new OpCase("F.Elu", d => Differentiate(d, X, x => F.Elu(x, 1.3))),
        new OpCase("LeakyRelu", d => Differentiate(d, X, x => F.LeakyRelu(x, 0.1))),
        new OpCase("Relu", d => Differentiate(d, X, x => x.Relu())),
        new OpCase("Sigmoid", d => Differentiate(d, X, x => x.Sigmoid())),
        new OpCase("Tanh", d => Differentiate(d, X, x => x.Tanh())),
        new OpCase("Exp", d => Differentiate(d, X, x => x.Exp())),
        new OpCase("Log", d => Differentiate(d, Probabilities, x => x.Log())),
        new OpCase("Sqrt", d => Differentiate(d, Probabilities, x => x.Sqrt())),
        new OpCase("Abs", d => Differentiate(d, X, x => x.Abs())),
        new OpCase("Neg", d => Differentiate(d, X, x => -x)),
        new OpCase("Pow(scalar)", d => Differentiate(d, Probabilities, x => x.Pow(1.7))),
        new OpCase("Pow(tensor)", d => Differentiate(d, Probabilities, x => x.Pow(On(Targets01, d) + 0.5))),
        new OpCase("Maximum", d => Differentiate(d, X, x => x.Maximum(On(X.T.Contiguous().Reshape(3, 4), d)))),
        new OpCase("Softmax(dim 0)", d => Differentiate(d, X3, x => x.Softmax(0))),
        new OpCase("LogSoftmax(dim 1)", d => Differentiate(d, X3, x => F.LogSoftmax(x, 1))),
        new OpCase("Dropout(eval)", d => Differentiate(d, X, x => F.Dropout(x, 0.5, training: false))),
        // reductions and indices
        new OpCase("Sum", d => Differentiate(d, X3, x => x.Sum())),
        new OpCase("Sum(dims)", d => Differentiate(d, X3, x => x.Sum([0, 2], keepDim: true))),
        new OpCase("Mean(dim)", d => Differentiate(d, X3, x => x.Mean(1))),
        new OpCase("Max", d => Differentiate(d, X3, x => x.Max())),
        new OpCase("Min(dim)", d => Differentiate(d, X3, x => x.Min(2).Values)),
        new OpCase("ArgMax(dim)", d => [On(X3, d).ArgMax(1)]),
        new OpCase("ArgMax", d => [On(X3, d).ArgMax()]),
        new OpCase("bool mask Sum", d => [On(X, d).Gt(0.0).Sum()]),
        new OpCase("accuracy", d => [On(X, d).ArgMax(1).Eq(On(Labels, d)).Sum()]),
        new OpCase("int64 Sum(dim)", d => [On(SpatialLabels, d).Sum(1)]),
        new OpCase("int64 arithmetic", d => [On(Labels, d) * 3L + 1L, On(Labels, d) - On(OtherLabels, d)]),
        new OpCase("int64 compare", d => [On(Labels, d).Ge(On(OtherLabels, d))]),
        new OpCase("int64 and bool Exp", d => [On(Labels, d).Exp(), On(Labels, d).Gt(1L).Exp()]),
        new OpCase("integer neg/abs/relu", d => [-On(Labels, d), (On(Labels, d) - 2L).Abs(), (On(Labels, d).To(DType.Int32) - 1L).Relu()]),
        new OpCase("integer Max/ArgMax", d => [On(SpatialLabels, d).Max(1).Values, On(SpatialLabels, d).ArgMax(), On(SpatialLabels, d).To(DType.Int32).Min(), On(Labels, d).Gt(0L).Max()]),
        // matrix products
        new OpCase("MatMul", d => Differentiate(d, X, x => x.MatMul(On(W, d)))),
        new OpCase("MatMul(batched)", d => Differentiate(d, X3, x => x.MatMul(On(W, d)))),
        new OpCase("MatMul(dot)", d => Differentiate(d, X[0], x => x.MatMul(On(W.T[1], d)))),
        new OpCase("Linear(3-D)", d => Differentiate(d, X3, x => F.Linear(x, On(W.T.Contiguous(), d), On(W[0], d)))),
        // views
        new OpCase("Reshape(strided)", d => Differentiate(d, X, x => x.T.Reshape(2, 6))),
        new OpCase("Narrow/Select", d => Differentiate(d, X3, x => x.Narrow(2, 1, 2).Select(1, 0))),
        new OpCase("Expand", d => Differentiate(d, X[0], x => x.Unsqueeze(0).Expand(3, 4) * On(X, d))),
        // losses
        new OpCase("MSELoss", d => Loss(d, X, x => F.MseLoss(x, On(Targets01, d)))),
        new OpCase("L1Loss", d => Loss(d, X, x => F.L1Loss(x, On(Targets01, d)))),
        new OpCase("L1Loss(none)", d => Loss(d, X, x => F.L1Loss(x, On(Targets01, d), Reduction.None))),
        new OpCase("BCELoss", d => Loss(d, Probabilities, x => F.BinaryCrossEntropy(x, On(Targets01, d)))),
        new OpCase("BCELoss(weight, sum)", d => Loss(d, Probabilities, x => F.BinaryCrossEntropy(x, On(Targets01, d), On(ClassWeight, d), Reduction.Sum))),
        new OpCase("BCEWithLogitsLoss", d => Loss(d, X, x => F.BinaryCrossEntropyWithLogits(x, On(Targets01, d)))),
        new OpCase("BCEWithLogitsLoss(weight, pos_weight, none)", d => Loss(d, X, x => F.BinaryCrossEntropyWithLogits(x, On(Targets01, d), On(ClassWeight, d), Reduction.None, On(ClassWeight * 2.0, d)))),
        new OpCase("NLLLoss", d => Loss(d, X, x => F.NllLoss(x.LogSoftmax(1), On(Labels, d)))),
        new OpCase("NLLLoss(weight, ignore)", d => Loss(d, X, x => F.NllLoss(x, On(LabelsWithIgnored, d), On(ClassWeight, d)))),
        new OpCase("NLLLoss(N, C, d1, none)", d => Loss(d, Spatial, x => F.NllLoss(x, On(SpatialLabels, d), reduction: Reduction.None))),
        new OpCase("CrossEntropy(weight)", d => Loss(d, X, x => F.CrossEntropy(x, On(LabelsWithIgnored, d), On(ClassWeight, d)))),
        new OpCase("CrossEntropy(label smoothing)", d => Loss(d, X, x => F.CrossEntropy(x, On(Labels, d), labelSmoothing: 0.2))),
        new OpCase("CrossEntropy(weight, smoothing, sum)", d => Loss(d, X, x => F.CrossEntropy(x, On(Labels, d), On(ClassWeight, d), reduction: Reduction.Sum, labelSmoothing: 0.1))),
        new OpCase("CrossEntropy(N, C, d1)", d => Loss(d, Spatial, x => F.CrossEntropy(x, On(SpatialLabels, d)))),
        new OpCase("CrossEntropy(probabilities)", d => Loss(d, X, x => F.CrossEntropy(x, On(Targets01.Softmax(1), d), On(ClassWeight, d), labelSmoothing: 0.1))),
        // float64
        new OpCase("float64 arithmetic", d => Differentiate(d, X.To(DType.Float64), x => (x * x + 1.0) / (x.Abs() + 2.0)), 1e-12, 1e-12),
        new OpCase("float64 unary", d => Differentiate(d, X.To(DType.Float64), x => x.Exp().Sqrt().Tanh() + x.Sigmoid().Log() + x.Gelu()), 1e-12, 1e-10),
        new OpCase("float64 ELU and LeakyReLU", d => Differentiate(d, X.To(DType.Float64), x => x.Elu(0.7) + F.Elu(x, 1.3) + F.LeakyRelu(x, 0.1)), 1e-12, 1e-10),
        new OpCase("float64 reductions and softmax", d => Differentiate(d, X3.To(DType.Float64), x => x.Softmax(1).Sum(2) + x.LogSoftmax(2).Mean(2) + x.Max(2).Values), 1e-12, 1e-10),
        new OpCase("float64 MatMul", d => Differentiate(d, X.To(DType.Float64), x => x.MatMul(On(W.To(DType.Float64), d))), 1e-12, 1e-12),
        new OpCase("float64 CrossEntropy", d => Loss(d, X.To(DType.Float64), x => F.CrossEntropy(x, On(Labels, d))), 1e-12, 1e-10),
        new OpCase("float64 CrossEntropy(weight, smoothing, N, C, d1)", d => Loss(d, Spatial.To(DType.Float64), x => F.CrossEntropy(x, On(SpatialLabels, d), On(ClassWeight, d), labelSmoothing: 0.2)), 1e-12, 1e-10),
        new OpCase("float64 NLLLoss(weight, none)", d => Loss(d, X.To(DType.Float64), x => F.NllLoss(x.LogSoftmax(1), On(LabelsWithIgnored, d), On(ClassWeight, d), reduction: Reduction.None)), 1e-12, 1e-10),
        new OpCase("float64 L1Loss", d => Loss(d, X.To(DType.Float64), x => F.L1Loss(x, On(Targets01.To(DType.Float64), d), Reduction.Sum)), 1e-12, 1e-10),
        new OpCase("float64 BCELoss(weight)", d => Loss(d, Probabilities.To(DType.Float64), x => F.BinaryCrossEntropy(x, On(Targets01.To(DType.Float64), d), On(ClassWeight, d))), 1e-12, 1e-10),
        new OpCase("float64 BCEWithLogitsLoss(pos_weight)", d => Loss(d, X.To(DType.Float64), x => F.BinaryCrossEntropyWithLogits(x, On(Targets01.To(DType.Float64), d), posWeight: On(ClassWeight, d))), 1e-12, 1e-10),
        new OpCase("float64 and int64 in-place ops", d => InPlace(d)),
        // The CPU rounds each norm and the total to float32 (its clip coefficient too); the device keeps float64.
        new OpCase("float64 Dropout(eval) and ClipGradNorm_", d => Clip(d, X.To(DType.Float64)), 1e-7, 1e-6),
        new OpCase("float64 MSELoss and Linear", d => Loss(d, X.To(DType.Float64), x => F.MseLoss(F.Linear(x, On(W.T.To(DType.Float64), d), On(W[1].To(DType.Float64), d)), On(Targets01.Narrow(1, 0, 4).MatMul(W).To(DType.Float64), d))), 1e-12, 1e-10),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RunsOnTheDeviceAndMatchesTheCpu(OpCase op)
    {
        var expected = op.Run(Device.Cpu);
        var actual = op.Run(Cuda);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(actual[i].Device == Cuda, $"{op.Name}: result {i} is on {actual[i].Device}, expected {Cuda}");
            Assert.Equal(expected[i].DType, actual[i].DType);
            Close.Assert(expected[i], actual[i], op.Atol, op.Rtol, $"{op.Name} result {i}");
        }
    }
}
