using GraphGen.Nn;

namespace GraphGen.Gpu.Tests;

/// <summary>Elementwise ops on the (emulated) CUDA device against the CPU backend.</summary>
public class ElementwiseTests
{
    private static readonly Device Cuda = GpuTestSetup.Cuda;

    private static Tensor Rand(RandomGenerator g, params int[] shape) => Tensor.Randn(shape, g);

    [Fact]
    public void BinaryOpsBroadcastLikeTheCpu()
    {
        var g = new RandomGenerator(1);
        var a = Rand(g, 3, 1, 4);
        var b = Rand(g, 5, 1) + 3.0; // positive, so pow and div are tame
        var (ga, gb) = (a.To(Cuda), b.To(Cuda));
        Close.Assert(a + b, ga + gb, what: "add");
        Close.Assert(a - b, ga - gb, what: "sub");
        Close.Assert(a * b, ga * gb, what: "mul");
        Close.Assert(a / b, ga / gb, what: "div");
        Close.Assert(b.Pow(a), gb.Pow(ga), what: "pow");
        Close.Assert(a.Maximum(b), ga.Maximum(gb), what: "maximum");
        Close.Assert(a.Minimum(b), ga.Minimum(gb), what: "minimum");
        Assert.Equal(Cuda, (ga + gb).Device);
    }

    [Fact]
    public void ScalarsOnEitherSideAndStridedOperands()
    {
        var g = new RandomGenerator(2);
        var a = Rand(g, 4, 6);
        var ga = a.To(Cuda);
        Close.Assert(a * 2.5, ga * 2.5, what: "t*s");
        Close.Assert(1.0 - a, 1.0 - ga, what: "s-t");
        Close.Assert(3.0 / (a.Abs() + 1.0), 3.0 / (ga.Abs() + 1.0), what: "s/t");
        Close.Assert(a.Pow(2), ga.Pow(2), what: "pow2");
        Close.Assert((a.Abs() + 0.1).Pow(-1.5), (ga.Abs() + 0.1).Pow(-1.5), what: "pow-1.5");
        Close.Assert(a.Pow(3), ga.Pow(3), what: "pow3");
        // Transposed and narrowed views are read in place through their strides.
        Close.Assert(a.T + a.T, ga.T + ga.T, what: "transposed");
        Close.Assert(a.Narrow(1, 2, 3) * a.Narrow(1, 1, 3), ga.Narrow(1, 2, 3) * ga.Narrow(1, 1, 3), what: "narrowed");
    }

    [Fact]
    public void UnaryOpsMatchTheCpu()
    {
        var g = new RandomGenerator(3);
        var x = Rand(g, 5, 7) * 4.0;
        var gx = x.To(Cuda);
        Close.Assert(x.Neg(), gx.Neg(), what: "neg");
        Close.Assert(x.Abs(), gx.Abs(), what: "abs");
        Close.Assert(x.Exp(), gx.Exp(), what: "exp");
        Close.Assert(x.Abs().Log(), gx.Abs().Log(), what: "log");
        Close.Assert(x.Abs().Sqrt(), gx.Abs().Sqrt(), what: "sqrt");
        Close.Assert(x.Relu(), gx.Relu(), what: "relu");
        Close.Assert(x.Sigmoid(), gx.Sigmoid(), what: "sigmoid");
        Close.Assert(x.Tanh(), gx.Tanh(), what: "tanh");
        Close.Assert(x.Sign(), gx.Sign(), what: "sign");
        Close.Assert(x.LeakyRelu(0.2), gx.LeakyRelu(0.2), what: "leaky");
    }

    [Fact]
    public void MathAtTheEdgesOfFloatRange()
    {
        var x = Tensor.From([0f, -0f, 1e-7f, -1e-3f, 0.1f, 0.6f, 5f, -20f, 80f, 88f, 89f, -100f, -104f, float.NaN, float.PositiveInfinity, float.NegativeInfinity]);
        var gx = x.To(Cuda);
        Close.Assert(x.Exp(), gx.Exp(), atol: 1e-30, rtol: 2e-6, what: "exp");
        Close.Assert(x.Tanh(), gx.Tanh(), atol: 1e-7, rtol: 2e-6, what: "tanh");
        Close.Assert(x.Sigmoid(), gx.Sigmoid(), atol: 1e-30, rtol: 2e-6, what: "sigmoid");
        Close.Assert(x.Relu(), gx.Relu(), atol: 0, rtol: 0, what: "relu");
        var positive = Tensor.From([1e-30f, 1e-5f, 0.5f, 1f, 2f, 1e10f, 3e38f]);
        Close.Assert(positive.Log(), positive.To(Cuda).Log(), atol: 1e-6, rtol: 1e-6, what: "log");
    }

    [Fact]
    public void GeluAndEluMatchTheCpuAcrossTheRangeWithGradients()
    {
        var values = Tensor.From([-30f, -10f, -5f, -2f, -1e-3f, 0f, 1e-3f, 0.7f, 2f, 5f, 30f]);
        foreach (var (name, f) in new (string, Func<Tensor, Tensor>)[]
        {
            ("gelu", t => t.Gelu()), ("gelu-tanh", t => t.Gelu("tanh")), ("elu", t => t.Elu(0.5)), ("elu-module", t => new ELU(1.5).Call(t)),
        })
        {
            var x = values.Clone().RequiresGrad_();
            var gx = values.To(Cuda).RequiresGrad_();
            var (y, gy) = (f(x), f(gx));
            Close.Assert(y, gy, atol: 1e-6, rtol: 1e-5, what: name);
            y.Sum().Backward();
            gy.Sum().Backward();
            Close.Assert(x.Grad!, gx.Grad!, atol: 1e-6, rtol: 1e-5, what: name + " grad");
        }
        var nan = Tensor.From([float.NaN]).To(Cuda);
        Assert.True(float.IsNaN(nan.Gelu().Item<float>()) && float.IsNaN(nan.Elu().Item<float>()));
    }

    [Fact]
    public void IntegerArithmeticAndComparisonsAreExactAndBroadcast()
    {
        long big = (1L << 40) + 1; // not representable in float32: an int64 op computed in float would be off
        var a = Tensor.From(new long[,] { { big }, { -3 } });
        var b = Tensor.From([big - 1, 5L, big]);
        var (ga, gb) = (a.To(Cuda), b.To(Cuda));
        Assert.Equal((a + b).ToArray<long>(), (ga + gb).ToArray<long>());
        Assert.Equal((a - b).ToArray<long>(), (ga - gb).ToArray<long>());
        Assert.Equal((a * 3L).ToArray<long>(), (ga * 3L).ToArray<long>());
        Assert.Equal(a.Maximum(b).ToArray<long>(), ga.Maximum(gb).ToArray<long>());
        Assert.Equal(a.Gt(b).ToArray<bool>(), ga.Gt(gb).ToArray<bool>());
        Assert.Equal(a.Eq(b).ToArray<bool>(), ga.Eq(gb).ToArray<bool>());
        Assert.Equal(DType.Int64, (ga + gb).DType);
        var i32 = Tensor.From([1, -2, 3]);
        var sum32 = i32.To(Cuda) + i32.To(Cuda);
        Assert.Equal(DType.Int32, sum32.DType);
        Assert.Equal((i32 + i32).ToArray<int>(), sum32.ToArray<int>());
        Assert.Equal((a + b).Sum().Item<long>(), (ga + gb).Sum().Item<long>());
        var counts = ga.Gt(gb);
        Assert.Equal(DType.Int64, counts.Sum().DType);
        Assert.Equal(a.Gt(b).Sum(1).ToArray<long>(), counts.Sum(1).ToArray<long>());
        var inPlace = ga.Clone();
        inPlace.Add_(gb.Narrow(0, 0, 1));
        Assert.Equal((a + b.Narrow(0, 0, 1)).ToArray<long>(), inPlace.ToArray<long>());
    }

    [Fact]
    public void ComparisonsGiveBoolMasks()
    {
        var a = Tensor.From(new float[,] { { 1, 2, 3 }, { 4, float.NaN, 6 } });
        var b = Tensor.From([2f, 2f, 7f]);
        var (ga, gb) = (a.To(Cuda), b.To(Cuda));
        foreach (var (name, cpu, gpu) in new (string, Func<Tensor, Tensor, Tensor>, Func<Tensor, Tensor, Tensor>)[]
        {
            ("eq", (x, y) => x.Eq(y), (x, y) => x.Eq(y)), ("ne", (x, y) => x.Ne(y), (x, y) => x.Ne(y)),
            ("lt", (x, y) => x < y, (x, y) => x < y), ("le", (x, y) => x <= y, (x, y) => x <= y),
            ("gt", (x, y) => x > y, (x, y) => x > y), ("ge", (x, y) => x >= y, (x, y) => x >= y),
        })
        {
            var expected = cpu(a, b);
            var actual = gpu(ga, gb);
            Assert.Equal(DType.Bool, actual.DType);
            Assert.Equal(expected.ToArray<bool>(), actual.ToArray<bool>());
        }
        Assert.Equal(a.Gt(2.0).ToArray<bool>(), ga.Gt(2.0).ToArray<bool>());
        Assert.Equal(a.Le(4.0).ToArray<bool>(), ga.Le(4.0).ToArray<bool>());
        Assert.Equal(a.Ge(3.0).ToArray<bool>(), ga.Ge(3.0).ToArray<bool>());
        Assert.Equal(a.Ne(1.0).ToArray<bool>(), ga.Ne(1.0).ToArray<bool>());
        Assert.Equal(a.Lt(6.0).ToArray<bool>(), ga.Lt(6.0).ToArray<bool>());
        Assert.Equal(a.Eq(6.0).ToArray<bool>(), ga.Eq(6.0).ToArray<bool>());
    }

    [Fact]
    public void ConversionsBetweenEveryDtypePair()
    {
        var source = Tensor.From([-2.75, -1, 0, 0.5, 1, 3.25, 100], DType.Float64);
        DType[] all = [DType.Float32, DType.Float64, DType.Int64, DType.Int32, DType.Bool];
        foreach (var from in all)
        {
            var cpu = source.To(from);
            var gpu = cpu.To(Cuda);
            Assert.Equal(from, gpu.DType);
            foreach (var to in all)
            {
                var expected = cpu.To(to);
                var actual = gpu.To(to);
                Assert.Equal(to, actual.DType);
                Assert.Equal(Cuda, actual.Device);
                Assert.Equal(expected.ToArray<double>(), actual.ToArray<double>());
            }
        }
    }

    [Fact]
    public void CopiesBothWaysKeepValuesShapesAndDtypes()
    {
        var f = Tensor.From(new float[,] { { 1.5f, -2 }, { 3, 4 } });
        var gf = f.To(Cuda);
        Assert.Equal(Cuda, gf.Device);
        Assert.Equal(f.ToArray<float>(), gf.To(Device.Cpu).ToArray<float>());
        Assert.Equal(3f, gf[1][0].Item<float>());
        Assert.Equal(new[] { -2f, 4f }, gf.T[1].ToArray<float>()); // a strided view copied back
        var l = Tensor.From([long.MaxValue, -5L]);
        Assert.Equal(l.ToArray<long>(), l.To(Cuda).ToArray<long>());
        var b = Tensor.From([true, false, true]);
        Assert.Equal(b.ToArray<bool>(), b.To(Cuda).ToArray<bool>());
        Assert.Equal(Tensor.Zeros([2, 3]).ToArray<float>(), Tensor.Zeros([2, 3], device: Cuda).ToArray<float>());
        Assert.Equal(new[] { 7.0, 7.0 }, Tensor.Full([2], 7, DType.Float64, Cuda).ToArray<double>());
        Assert.Equal("tensor([[ 1.5000, -2.0000],\n        [ 3.0000,  4.0000]], device='cuda:0')", gf.ToString());
    }

    [Fact]
    public void InPlaceOpsFillAndCopyWriteDeviceMemory()
    {
        var x = Tensor.From(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var gx = x.To(Cuda);
        x.Add_(Tensor.From([10f, 20f, 30f]));
        gx.Add_(Tensor.From([10f, 20f, 30f]).To(Cuda));
        x.Mul_(0.5);
        gx.Mul_(0.5);
        Close.Assert(x, gx, 0, 0, "add_/mul_");
        x.T.Narrow(0, 1, 1).Fill_(-1);
        gx.T.Narrow(0, 1, 1).Fill_(-1);
        Close.Assert(x, gx, 0, 0, "fill_ on a strided view");
        x.Narrow(1, 0, 2).Copy_(Tensor.From([9f, 8f]));
        gx.Narrow(1, 0, 2).Copy_(Tensor.From([9f, 8f]).To(Cuda));
        Close.Assert(x, gx, 0, 0, "copy_ broadcast into a view");
        Close.Assert(x.T.Contiguous(), gx.T.Contiguous(), 0, 0, "contiguous");
        Close.Assert(x.Clone(), gx.Clone(), 0, 0, "clone");
    }

    [Fact]
    public void GatherScatterAndFillForEveryDtype()
    {
        var values = Tensor.From(new double[,] { { 1, 0, 3 }, { -4, 5, 0 } });
        foreach (var dtype in new[] { DType.Float32, DType.Float64, DType.Int64, DType.Int32, DType.Bool })
        {
            var cpu = values.To(dtype);
            var gpu = cpu.To(Cuda);
            Assert.Equal(cpu.T.Contiguous().ToArray<double>(), gpu.T.Contiguous().ToArray<double>()); // gather
            using (Autograd.NoGrad())
            {
                cpu.T.Narrow(0, 1, 1).Fill_(1); // fill through a strided view
                gpu.T.Narrow(0, 1, 1).Fill_(1);
                cpu.Narrow(1, 1, 2).Copy_(cpu.Narrow(1, 0, 2).Clone()); // scatter into a view
                gpu.Narrow(1, 1, 2).Copy_(gpu.Narrow(1, 0, 2).Clone());
            }
            Assert.Equal(cpu.ToArray<double>(), gpu.ToArray<double>());
        }
    }

    [Fact]
    public void MixedDevicesThrowTheSameDeviceError()
    {
        var cpu = Tensor.Ones(3);
        var gpu = Tensor.Ones([3], device: Cuda);
        var e = Assert.Throws<InvalidOperationException>(() => cpu + gpu);
        Assert.Contains("Expected all tensors to be on the same device, but found at least two devices, cpu and cuda:0", e.Message);
        Assert.Throws<InvalidOperationException>(() => gpu.MatMul(Tensor.Ones(3, 2)));
        Assert.Throws<InvalidOperationException>(() => gpu.Gt(cpu));
        // A CPU 0-d tensor is a scalar and may meet a CUDA tensor, as in PyTorch.
        Close.Assert(Tensor.From([3f, 3f, 3f]), gpu + Tensor.Scalar(2f));
    }

    [Fact]
    public void Float64IsComputedInDoubleOnTheDevice()
    {
        var one = Tensor.From([1 + 1e-12], DType.Float64).To(Cuda);
        Assert.Equal(DType.Float64, (one - 1.0).DType);
        Assert.Equal((1 + 1e-12) - 1.0, (one - 1.0).Item<double>()); // float32 would round 1 + 1e-12 to 1
        Assert.True(one.Gt(1.0).Item<bool>());
        // Against System.Math (correctly rounded or nearly): the CPU backend's vectorized tanh loses digits near 0.
        static double[] Map(double[] v, Func<double, double> f) => v.Select(f).ToArray();
        double[] x = [-745.0, -700, -20, -1e-9, 0, 0.5, 1, 10, 700, 709.7];
        Close.Assert(Map(x, Math.Exp), Tensor.From(x).To(Cuda).Exp().ToArray<double>(), atol: 0, rtol: 1e-15, what: "exp");
        double[] positive = [4.9e-324, 1e-300, 1e-20, 0.3, 1, 1.4142135623730951, 2, 1e20, 1e300, double.MaxValue];
        Close.Assert(Map(positive, Math.Log), Tensor.From(positive).To(Cuda).Log().ToArray<double>(), atol: 1e-300, rtol: 2e-16, what: "log");
        double[] t = [-30.0, -0.5, -0.1, -1e-8, 0, 0.124, 0.126, 3, 19, 20];
        Close.Assert(Map(t, Math.Tanh), Tensor.From(t).To(Cuda).Tanh().ToArray<double>(), atol: 1e-300, rtol: 1e-15, what: "tanh");
        Close.Assert(Map(t, v => 1 / (1 + Math.Exp(-v))), Tensor.From(t).To(Cuda).Sigmoid().ToArray<double>(), atol: 1e-300, rtol: 1e-15, what: "sigmoid");
        var bases = Tensor.From([-2.0, 0.5, 3, 10], DType.Float64);
        Close.Assert(bases.Pow(3), bases.To(Cuda).Pow(3), atol: 0, rtol: 1e-15, what: "pow3");
        Close.Assert(bases.Abs().Pow(-1.7), bases.To(Cuda).Abs().Pow(-1.7), atol: 0, rtol: 1e-14, what: "pow-1.7");
    }
}
