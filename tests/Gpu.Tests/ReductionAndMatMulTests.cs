using GraphGen.Kernels.Gpu;

namespace GraphGen.Gpu.Tests;

/// <summary>Reductions, GEMM (with its fused epilogue) and softmax on the (emulated) CUDA device against the CPU backend.</summary>
public class ReductionAndMatMulTests
{
    private static readonly Device Cuda = GpuTestSetup.Cuda;

    [Fact]
    public void SumsAndMeans()
    {
        var x = Tensor.Randn([3, 4, 5], new RandomGenerator(4));
        var g = x.To(Cuda);
        Close.Assert(x.Sum(), g.Sum(), what: "sum");
        Close.Assert(x.Mean(), g.Mean(), what: "mean");
        Close.Assert(x.Sum(1), g.Sum(1), what: "sum(1)");
        Close.Assert(x.Sum([0, 2], keepDim: true), g.Sum([0, 2], keepDim: true), what: "sum(0,2)");
        Close.Assert(x.Mean(-1), g.Mean(-1), what: "mean(-1)");
        Close.Assert(x.Transpose(0, 2).Sum(0), g.Transpose(0, 2).Sum(0), what: "strided sum");
        // Longer than one group of the two-pass tree.
        var big = Tensor.Rand([2_000], new RandomGenerator(5)); // 8 groups in the first pass
        Close.Assert(big.Sum(), big.To(Cuda).Sum(), rtol: 1e-5, what: "long sum");
    }

    [Fact]
    public void MaxArgMaxAndTheirGradients()
    {
        var x = Tensor.From(new float[,] { { 1, 5, 5 }, { -2, -1, -3 } });
        var g = x.To(Cuda);
        var (v, i) = x.Max(1);
        var (gv, gi) = g.Max(1);
        Close.Assert(v, gv, 0, 0, "max values");
        Assert.Equal(i.ToArray<long>(), gi.ToArray<long>());
        Assert.Equal(x.ArgMax(0).ToArray<long>(), g.ArgMax(0).ToArray<long>());
        Assert.Equal(x.Min(0).Indices.ToArray<long>(), g.Min(0).Indices.ToArray<long>());
        Close.Assert(x.Max(), g.Max(), 0, 0, "max all");

        var leaf = g.Detach().RequiresGrad_();
        leaf.Max(1).Values.Sum().Backward();
        Assert.Equal(new float[] { 0, 1, 0, 0, 1, 0 }, leaf.Grad!.ToArray<float>());
    }

    public static TheoryData<int, int, int> GemmSizes => new() { { 1, 1, 1 }, { 5, 7, 3 }, { 16, 16, 16 }, { 17, 33, 20 }, { 40, 9, 50 } };

    [Theory]
    [MemberData(nameof(GemmSizes))]
    public void MatMulMatchesTheCpuIncludingTransposedOperands(int m, int k, int n)
    {
        var gen = new RandomGenerator(m * 100 + k * 10 + n);
        var a = Tensor.Randn([m, k], gen);
        var b = Tensor.Randn([k, n], gen);
        var (ga, gb) = (a.To(Cuda), b.To(Cuda));
        Close.Assert(a.MatMul(b), ga.MatMul(gb), what: "a·b");
        var bt = b.T.Contiguous();
        Close.Assert(a.MatMul(bt.T), ga.MatMul(bt.To(Cuda).T), what: "a·(bᵀ)ᵀ read in place");
        var at = a.T.Contiguous();
        Close.Assert(at.T.MatMul(b), at.To(Cuda).T.MatMul(gb), what: "(aᵀ)ᵀ·b read in place");
    }

    [Fact]
    public void BatchedMatMulBroadcastsBatches()
    {
        var gen = new RandomGenerator(7);
        var a = Tensor.Randn([2, 3, 4, 5], gen);
        var b = Tensor.Randn([5, 6], gen);
        var c = Tensor.Randn([3, 6, 2], gen);
        Close.Assert(a.MatMul(b), a.To(Cuda).MatMul(b.To(Cuda)), what: "batched·matrix");
        var ab = a.MatMul(b);
        Close.Assert(ab.MatMul(c), ab.To(Cuda).MatMul(c.To(Cuda)), what: "broadcast batches");
        var v = Tensor.Randn([5], gen);
        Close.Assert(a.MatMul(v), a.To(Cuda).MatMul(v.To(Cuda)), what: "matrix·vector");
        Close.Assert(v.MatMul(v), v.To(Cuda).MatMul(v.To(Cuda)), what: "dot");
    }

    [Theory]
    [InlineData(Kernels.Cpu.Activation.None)]
    [InlineData(Kernels.Cpu.Activation.Relu)]
    [InlineData(Kernels.Cpu.Activation.Sigmoid)]
    [InlineData(Kernels.Cpu.Activation.Tanh)]
    public void GemmEpilogueAddsBiasAndAppliesTheActivation(Kernels.Cpu.Activation activation)
    {
        int m = 19, n = 21, k = 18;
        var gen = new RandomGenerator(8);
        var x = Tensor.Randn([m, k], gen);
        var w = Tensor.Randn([n, k], gen);
        var bias = Tensor.Randn([n], gen);
        // Reference in double precision (the CPU backend's interim Sgemm has no sigmoid/tanh epilogue).
        double[] xs = x.ToArray<double>(), ws = w.ToArray<double>(), bs = bias.ToArray<double>();
        var expected = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = bs[j];
                for (int p = 0; p < k; p++) s += xs[i * k + p] * ws[j * k + p];
                expected[i * n + j] = activation switch
                {
                    Kernels.Cpu.Activation.Relu => Math.Max(s, 0),
                    Kernels.Cpu.Activation.Sigmoid => 1 / (1 + Math.Exp(-s)),
                    Kernels.Cpu.Activation.Tanh => Math.Tanh(s),
                    _ => s,
                };
            }

        var y = Tensor.Zeros([m, n], device: Cuda);
        var args = new GemmArgs { M = m, N = n, K = k, Lda = k, Ldb = k, Ldc = n, TransB = 1, Activation = activation };
        GpuTensorOps.Gemm(x.To(Cuda), w.To(Cuda), y, bias.To(Cuda), args);
        Close.Assert(expected, y.ToArray<double>(), what: activation.ToString());
    }

    [Fact]
    public void SoftmaxAndLogSoftmaxAreStable()
    {
        var x = Tensor.From(new float[,] { { 1, 2, 3 }, { 1000, -1000, 0 }, { -5, -5, -5 }, { 0.5f, 0.25f, -8 } });
        var g = x.To(Cuda);
        Close.Assert(x.Softmax(1), g.Softmax(1), atol: 1e-6, what: "softmax");
        Close.Assert(x.LogSoftmax(-1), g.LogSoftmax(-1), atol: 2e-5, what: "log_softmax");
        Close.Assert(x.Softmax(0), g.Softmax(0), atol: 1e-6, what: "softmax dim 0");
        Close.Assert(x.LogSoftmax(0), g.LogSoftmax(0), atol: 2e-5, what: "log_softmax dim 0");
    }
}
