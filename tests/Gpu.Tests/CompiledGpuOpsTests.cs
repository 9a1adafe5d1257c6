using GraphGen.Kernels.Cpu;
using GraphGen.Compiled.Gpu;
using ScaledSumKernels = GraphGen.Kernels.Gpu.ScaledSumKernels;
using GraphGen.Nn;
using ILGPU;

namespace GraphGen.Gpu.Tests;

/// <summary>
/// The runtime kernels compiled GPU code launches (GraphGen.Compiled.Gpu.CompiledGpuOps), on the device against the
/// CPU backend's kernels (GraphGen.Compiled) for shapes the integration modules do not reach: softmax and
/// sums over a middle dim, rank-3 broadcasting, accumulation, GEMMs with ragged tiles.
/// </summary>
public class CompiledGpuOpsTests
{
    private static float[] Random(int n, int seed)
    {
        var g = new RandomGenerator(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(g.NextDouble() * 4 - 2)).ToArray();
    }

    private static void Same(float[] expected, float[] actual, string what) =>
        Close.Assert(expected.Select(v => (double)v).ToArray(), actual.Select(v => (double)v).ToArray(), what: what);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SoftmaxOverAMiddleDimMatchesTheCpuKernels(bool log)
    {
        const int outer = 3, n = 5, inner = 4;
        var ws = new DeviceBuffers();
        float[] x = Random(outer * n * inner, 1), dy = Random(outer * n * inner, 2), prior = Random(outer * n * inner, 3);
        var y = new float[x.Length];
        var dx = (float[])prior.Clone();
        if (log) Kernels.Cpu.SoftmaxKernels.LogSoftmax(x, y, outer, n, inner);
        else Kernels.Cpu.SoftmaxKernels.Softmax(x, y, outer, n, inner);
        if (log) Kernels.Cpu.SoftmaxKernels.LogSoftmaxBackward(y, dy, dx, outer, n, inner, accumulate: true);
        else Kernels.Cpu.SoftmaxKernels.SoftmaxBackward(y, dy, dx, outer, n, inner, accumulate: true);

        var gy = ws.Of(new float[x.Length]);
        var gdx = ws.Of(prior);
        CompiledGpuOps.Softmax(ws, ws.Of(x), gy, outer, n, inner, log);
        CompiledGpuOps.SoftmaxBackward(ws, gy, ws.Of(dy), gdx, outer, n, inner, log, accumulate: true);
        Same(y, ws.Read(gy), "y");
        Same(dx, ws.Read(gdx), "dx");
        ws.Release();
    }

    [Fact]
    public void SumOverAMiddleDimAndItsBackwardMatchTheCpuKernels()
    {
        const int outer = 2, n = 7, inner = 3;
        var ws = new DeviceBuffers();
        float[] x = Random(outer * n * inner, 4), dy = Random(outer * inner, 5);
        var y = new float[outer * inner];
        var dx = new float[x.Length];
        ReductionKernels.Sum(x, y, outer, n, inner, scale: 1f / n);
        ReductionKernels.SumBackward(dy, dx, outer, n, inner, scale: 1f / n, accumulate: false);

        var gy = ws.Of(new float[y.Length]);
        var gdx = ws.Of(new float[dx.Length]);
        CompiledGpuOps.Sum(ws, ws.Of(x), gy, outer, n, inner, scale: 1f / n);
        CompiledGpuOps.SumBackward(ws, ws.Of(dy), gdx, outer, n, inner, scale: 1f / n, accumulate: false);
        Same(y, ws.Read(gy), "y");
        Same(dx, ws.Read(gdx), "dx");
        ws.Release();
    }

    [Theory]
    [InlineData(BinaryOp.Add)]
    [InlineData(BinaryOp.Sub)]
    [InlineData(BinaryOp.Mul)]
    [InlineData(BinaryOp.Div)]
    public void Rank3BroadcastingAndItsReductionMatchTheCpuKernels(BinaryOp op)
    {
        int[] aShape = [2, 1, 4], bShape = [3, 1], yShape = [2, 3, 4];
        var ws = new DeviceBuffers();
        float[] a = Random(8, 6), b = Random(3, 7).Select(v => v + 3f).ToArray(), dy = Random(24, 8), priorB = Random(3, 9);
        var y = new float[24];
        var da = new float[8];
        var db = (float[])priorB.Clone();
        BroadcastKernels.Forward(op, a, aShape, b, bShape, y, yShape);
        BroadcastKernels.Backward(op, a, aShape, b, bShape, dy, yShape, da, false, db, true);

        var (ga, gb) = (ws.Of(a), ws.Of(b));
        var gy = ws.Of(new float[24]);
        var (gda, gdb) = (ws.Of(new float[8]), ws.Of(priorB));
        CompiledGpuOps.Broadcast(ws, op, ga, aShape, gb, bShape, gy, yShape);
        CompiledGpuOps.BroadcastBackward(ws, op, ga, aShape, gb, bShape, ws.Of(dy), yShape, gda, false, gdb, true);
        Same(y, ws.Read(gy), "y");
        Same(da, ws.Read(gda), "da");
        Same(db, ws.Read(gdb), "db");
        ws.Release();
    }

    [Fact]
    public void LinearForwardAndBackwardWithRaggedTilesMatchTheCpuGemm()
    {
        const int rows = 19, k = 21, n = 17; // not multiples of the 16-wide tile
        var ws = new DeviceBuffers();
        var weight = Tensor.From(Random(n * k, 10)).Reshape(n, k).To(GpuTestSetup.Cuda).RequiresGrad_();
        var bias = Tensor.From(Random(n, 11)).To(GpuTestSetup.Cuda).RequiresGrad_();
        float[] x = Random(rows * k, 12), dy = Random(rows * n, 13), priorDx = Random(rows * k, 14);
        var (w, bv) = (weight.Detach().To(Device.Cpu), bias.Detach().To(Device.Cpu));
        var xt = Tensor.From(x).Reshape(rows, k);
        var expectedY = F.Relu(F.Linear(xt, w, bv)).ToArray<float>();

        var gx = ws.Of(x);
        var gy = ws.Of(new float[rows * n]);
        CompiledGpuOps.Linear(ws, gx, gy, rows, k, n, weight, bias, activation: Kernels.Cpu.Activation.Relu);
        Same(expectedY, ws.Read(gy), "relu(x·Wᵀ + b)");

        // Backward from dy (already through the ReLU): dW = dyᵀx, db = Σ rows, dx += dy·W.
        var dyt = Tensor.From(dy).Reshape(rows, n);
        var gdy = ws.Of(dy);
        var gdx = ws.Of(priorDx);
        Assert.Null(CompiledGpuOps.WeightGradient(ws, weight, gdy, gx, rows, k, n)); // written into a new weight.Grad
        Assert.Null(CompiledGpuOps.BiasGradient(ws, bias, gdy, rows, n));
        CompiledGpuOps.InputGradient(ws, gdy, gdx, rows, k, n, weight, accumulate: true);
        Same(dyt.T.MatMul(xt).ToArray<float>(), weight.Grad!.To(Device.Cpu).ToArray<float>(), "dW");
        Same(dyt.Sum(0).ToArray<float>(), bias.Grad!.To(Device.Cpu).ToArray<float>(), "db");
        Same((Tensor.From(priorDx).Reshape(rows, k) + dyt.MatMul(w)).ToArray<float>(), ws.Read(gdx), "dx");

        // A second delivery accumulates onto the existing Grad, as autograd would.
        long inUse = GpuRuntime.MemoryStats(GpuTestSetup.Cuda).BytesInUse;
        CompiledGpuOps.WeightGradient(ws, weight, gdy, gx, rows, k, n);
        CompiledGpuOps.BiasGradient(ws, bias, gdy, rows, n);
        Assert.Equal(inUse, GpuRuntime.MemoryStats(GpuTestSetup.Cuda).BytesInUse); // the temporaries went back to the pool
        Same((dyt.Sum(0) * 2).ToArray<float>(), bias.Grad!.To(Device.Cpu).ToArray<float>(), "db twice");
        Same((dyt.T.MatMul(xt) * 2).ToArray<float>(), weight.Grad!.To(Device.Cpu).ToArray<float>(), "dW twice");
        ws.Release();
    }

    /// <summary>Small integers as floats: every sum of them is exact in float32 whatever the order, so a dropped or doubled element shows.</summary>
    private static float[] Integers(int n, int seed) => Enumerable.Range(0, n).Select(k => (float)((k * 7 + seed) % 13 - 6)).ToArray();

    /// <summary>
    /// Summation order differs between the CPU kernels and the device tree, so a sum of mixed signs may differ by a few
    /// float32 roundings of the magnitudes summed: |a − e| ≤ 1e-5 · Σ|x| per output (a dropped element is far larger).
    /// </summary>
    private static void SameSums(float[] x, float[] expected, float[] actual, int outer, int n, int inner, float scale, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int o = 0; o < outer; o++)
        for (int j = 0; j < inner; j++)
        {
            double mass = 0;
            for (int k = 0; k < n; k++) mass += Math.Abs(x[(o * n + k) * inner + j]);
            int b = o * inner + j;
            if (float.IsNaN(expected[b]) && float.IsNaN(actual[b])) continue;
            double tolerance = 1e-5 * mass * Math.Abs(scale) + 1e-6;
            Assert.True(Math.Abs(actual[b] - expected[b]) <= tolerance, $"{what}[{b}]: expected {expected[b]:R}, got {actual[b]:R} (tolerance {tolerance:G3})");
        }
    }

    /// <summary>Runs CompiledGpuOps.Sum over x viewed as [outer, n, inner] and the CPU backend's sum, and compares them.</summary>
    private static void SumMatchesTheCpuKernel(float[] x, int outer, int n, int inner, float scale, bool exact, string what)
    {
        var ws = new DeviceBuffers();
        var expected = new float[outer * inner];
        ReductionKernels.Sum(x, expected, outer, n, inner, scale);
        var gy = ws.Of(Enumerable.Repeat(float.NaN, outer * inner).ToArray()); // every output must be written
        CompiledGpuOps.Sum(ws, ws.Of(x), gy, outer, n, inner, scale);
        var actual = ws.Read(gy);
        if (exact) Assert.Equal(expected, actual);
        else SameSums(x, expected, actual, outer, n, inner, scale, what);
        ws.Release();
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(31, false)]
    [InlineData(32, true)]
    [InlineData(63, true)] // 63, 64, 65: around the emulator's group of 64; 255, 256, 257: a GPU's group of 256
    [InlineData(64, true)]
    [InlineData(65, true)]
    [InlineData(255, true)]
    [InlineData(256, true)]
    [InlineData(257, true)]
    [InlineData(1000, true)]
    [InlineData(4097, true)]
    public void AWholeTensorSumAndMeanMatchTheCpuKernel(int length, bool grouped)
    {
        Assert.Equal(grouped, ScaledSumKernels.UsesGroups(1, length));
        float mean = 1f / length; // as the generator passes it: ∞ for an empty tensor, whose mean is then NaN, as in PyTorch
        SumMatchesTheCpuKernel(Integers(length, 3), 1, length, 1, 1f, exact: true, "sum of integers");
        SumMatchesTheCpuKernel(Random(length, 20), 1, length, 1, 1f, exact: false, "sum");
        SumMatchesTheCpuKernel(Random(length, 21), 1, length, 1, mean, exact: false, "mean");
    }

    [Theory]
    [InlineData(3000, 5, 0, true)] // few columns, many rows: a group per column
    [InlineData(3000, 5, 1, false)] // many rows of 5: a thread per row
    [InlineData(40, 600, 0, true)]
    [InlineData(40, 600, 1, true)]
    [InlineData(8, 20, 0, false)]
    [InlineData(20, 8, 1, false)]
    [InlineData(33, 70000, 0, false)] // more outputs than GroupedMaxOutputs: a thread per column
    public void ASumOverADimOfAMatrixMatchesTheCpuKernel(int rows, int columns, int dim, bool grouped)
    {
        var (outer, n, inner) = dim == 0 ? (1, rows, columns) : (rows, columns, 1);
        Assert.Equal(grouped, ScaledSumKernels.UsesGroups(outer * inner, n));
        SumMatchesTheCpuKernel(Integers(rows * columns, 5), outer, n, inner, 1f, exact: true, $"sum({dim}) of integers");
        SumMatchesTheCpuKernel(Random(rows * columns, 22), outer, n, inner, 1f / n, exact: false, $"mean({dim})");
    }

    [Theory]
    [InlineData(3, 50, 7, true)] // outer and inner both above 1: the group's start offset
    [InlineData(5, 10, 3, false)]
    public void ASumOverTheMiddleDimOfARank3TensorMatchesTheCpuKernel(int outer, int n, int inner, bool grouped)
    {
        Assert.Equal(grouped, ScaledSumKernels.UsesGroups(outer * inner, n));
        SumMatchesTheCpuKernel(Integers(outer * n * inner, 9), outer, n, inner, 1f, exact: true, "sum of integers");
        SumMatchesTheCpuKernel(Random(outer * n * inner, 23), outer, n, inner, 1f / n, exact: false, "mean");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 33)]
    [InlineData(17, 10)]
    [InlineData(300, 1)]
    [InlineData(300, 33)]
    [InlineData(1000, 10)]
    [InlineData(1000, 33)]
    public void TheBiasGradientIsTheColumnSumOfDyAndAccumulates(int rows, int n)
    {
        Assert.Equal(rows >= ScaledSumKernels.GroupedMinLength, ScaledSumKernels.UsesGroups(n, rows));
        var ws = new DeviceBuffers();
        var bias = Tensor.Zeros(n).To(GpuTestSetup.Cuda).RequiresGrad_();
        foreach (var (dy, exact) in new[] { (Integers(rows * n, 11), true), (Random(rows * n, 24), false) })
        {
            var expected = new float[n];
            ReductionKernels.Sum(dy, expected, 1, rows, n, 1f);
            bias.Grad = null;
            Assert.Null(CompiledGpuOps.BiasGradient(ws, bias, ws.Of(dy), rows, n));
            var db = bias.Grad!.To(Device.Cpu).ToArray<float>();
            if (exact) Assert.Equal(expected, db);
            else SameSums(dy, expected, db, 1, rows, n, 1f, "db");

            CompiledGpuOps.BiasGradient(ws, bias, ws.Of(dy), rows, n); // onto the existing Grad
            var twice = bias.Grad!.To(Device.Cpu).ToArray<float>();
            if (exact) Assert.Equal(expected.Select(v => 2 * v).ToArray(), twice);
            else SameSums(dy, expected.Select(v => 2 * v).ToArray(), twice, 1, rows, n, 2f, "db twice");
        }

        ws.Release();
    }

    [Fact]
    public void AReleasedWorkspaceGivesEveryBufferBackToThePool()
    {
        // Buffers of earlier tests that are only garbage are freed by finalizers: let them run first, so none frees mid-test.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GpuRuntime.MemoryStats(GpuTestSetup.Cuda).BytesInUse;
        var ws = new DeviceBuffers();
        ws.Of(new float[1000]);
        ws.Of(new float[10]);
        Assert.Equal(before + 1010 * sizeof(float), GpuRuntime.MemoryStats(GpuTestSetup.Cuda).BytesInUse);
        ws.Release();
        Assert.Equal(before, GpuRuntime.MemoryStats(GpuTestSetup.Cuda).BytesInUse);
    }
}
