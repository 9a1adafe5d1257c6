using GraphGen.Compiled;
using GraphGen.Compiled.Gpu;
using GraphGen.Nn;
using ILGPU;
using ILGPU.Runtime;

namespace GraphGen.Gpu.Tests;

/// <summary>
/// The runtime kernels compiled GPU code launches (GraphGen.Compiled.Gpu.GpuOps), on the device against the
/// CPU backend's kernels (GraphGen.Compiled) for shapes the integration modules do not reach: softmax and
/// sums over a middle dim, rank-3 broadcasting, accumulation, GEMMs with ragged tiles.
/// </summary>
public class CompiledGpuOpsTests
{
    /// <summary>A workspace that hands out device buffers filled from host arrays.</summary>
    private sealed class Buffers() : GpuWorkspace<int>(0, GpuTestSetup.Cuda)
    {
        public ArrayView<float> Of(float[] data)
        {
            var view = Allocate(data.Length);
            view.CopyFromCPU(Gpu.Stream, data);
            return view;
        }

        public float[] Read(ArrayView<float> view)
        {
            var host = new float[view.Length];
            view.CopyToCPU(Gpu.Stream, host);
            Gpu.Stream.Synchronize();
            return host;
        }

        protected override void AllocateGradients()
        {
        }
    }

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
        var ws = new Buffers();
        float[] x = Random(outer * n * inner, 1), dy = Random(outer * n * inner, 2), prior = Random(outer * n * inner, 3);
        var y = new float[x.Length];
        var dx = (float[])prior.Clone();
        if (log) SoftmaxKernels.LogSoftmax(x, y, outer, n, inner);
        else SoftmaxKernels.Softmax(x, y, outer, n, inner);
        if (log) SoftmaxKernels.LogSoftmaxBackward(y, dy, dx, outer, n, inner, accumulate: true);
        else SoftmaxKernels.SoftmaxBackward(y, dy, dx, outer, n, inner, accumulate: true);

        var gy = ws.Of(new float[x.Length]);
        var gdx = ws.Of(prior);
        GpuOps.Softmax(ws, ws.Of(x), gy, outer, n, inner, log);
        GpuOps.SoftmaxBackward(ws, gy, ws.Of(dy), gdx, outer, n, inner, log, accumulate: true);
        Same(y, ws.Read(gy), "y");
        Same(dx, ws.Read(gdx), "dx");
        ws.Release();
    }

    [Fact]
    public void SumOverAMiddleDimAndItsBackwardMatchTheCpuKernels()
    {
        const int outer = 2, n = 7, inner = 3;
        var ws = new Buffers();
        float[] x = Random(outer * n * inner, 4), dy = Random(outer * inner, 5);
        var y = new float[outer * inner];
        var dx = new float[x.Length];
        ReductionKernels.Sum(x, y, outer, n, inner, scale: 1f / n);
        ReductionKernels.SumBackward(dy, dx, outer, n, inner, scale: 1f / n, accumulate: false);

        var gy = ws.Of(new float[y.Length]);
        var gdx = ws.Of(new float[dx.Length]);
        GpuOps.Sum(ws, ws.Of(x), gy, outer, n, inner, scale: 1f / n);
        GpuOps.SumBackward(ws, ws.Of(dy), gdx, outer, n, inner, scale: 1f / n, accumulate: false);
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
        var ws = new Buffers();
        float[] a = Random(8, 6), b = Random(3, 7).Select(v => v + 3f).ToArray(), dy = Random(24, 8), priorB = Random(3, 9);
        var y = new float[24];
        var da = new float[8];
        var db = (float[])priorB.Clone();
        BroadcastKernels.Forward(op, a, aShape, b, bShape, y, yShape);
        BroadcastKernels.Backward(op, a, aShape, b, bShape, dy, yShape, da, false, db, true);

        var (ga, gb) = (ws.Of(a), ws.Of(b));
        var gy = ws.Of(new float[24]);
        var (gda, gdb) = (ws.Of(new float[8]), ws.Of(priorB));
        GpuOps.Broadcast(ws, op, ga, aShape, gb, bShape, gy, yShape);
        GpuOps.BroadcastBackward(ws, op, ga, aShape, gb, bShape, ws.Of(dy), yShape, gda, false, gdb, true);
        Same(y, ws.Read(gy), "y");
        Same(da, ws.Read(gda), "da");
        Same(db, ws.Read(gdb), "db");
        ws.Release();
    }

    [Fact]
    public void LinearForwardAndBackwardWithRaggedTilesMatchTheCpuGemm()
    {
        const int rows = 19, k = 21, n = 17; // not multiples of the 16-wide tile
        var ws = new Buffers();
        var weight = Tensor.From(Random(n * k, 10)).Reshape(n, k).To(GpuTestSetup.Cuda).RequiresGrad_();
        var bias = Tensor.From(Random(n, 11)).To(GpuTestSetup.Cuda).RequiresGrad_();
        float[] x = Random(rows * k, 12), dy = Random(rows * n, 13), priorDx = Random(rows * k, 14);
        var (w, bv) = (weight.Detach().To(Device.Cpu), bias.Detach().To(Device.Cpu));
        var xt = Tensor.From(x).Reshape(rows, k);
        var expectedY = F.Relu(F.Linear(xt, w, bv)).ToArray<float>();

        var gx = ws.Of(x);
        var gy = ws.Of(new float[rows * n]);
        GpuOps.Linear(ws, gx, gy, rows, k, n, weight, bias, activation: 1);
        Same(expectedY, ws.Read(gy), "relu(x·Wᵀ + b)");

        // Backward from dy (already through the ReLU): dW = dyᵀx, db = Σ rows, dx += dy·W.
        var dyt = Tensor.From(dy).Reshape(rows, n);
        var gdy = ws.Of(dy);
        var gdx = ws.Of(priorDx);
        Assert.Null(GpuOps.WeightGradient(ws, weight, gdy, gx, rows, k, n)); // written into a new weight.Grad
        Assert.Null(GpuOps.BiasGradient(ws, bias, gdy, rows, n));
        GpuOps.InputGradient(ws, gdy, gdx, rows, k, n, weight, accumulate: true);
        Same(dyt.T.MatMul(xt).ToArray<float>(), weight.Grad!.To(Device.Cpu).ToArray<float>(), "dW");
        Same(dyt.Sum(0).ToArray<float>(), bias.Grad!.To(Device.Cpu).ToArray<float>(), "db");
        Same((Tensor.From(priorDx).Reshape(rows, k) + dyt.MatMul(w)).ToArray<float>(), ws.Read(gdx), "dx");

        // A second delivery accumulates onto the existing Grad, as autograd would.
        long inUse = GpuRuntime.MemoryStats(GpuTestSetup.Cuda).BytesInUse;
        GpuOps.WeightGradient(ws, weight, gdy, gx, rows, k, n);
        GpuOps.BiasGradient(ws, bias, gdy, rows, n);
        Assert.Equal(inUse, GpuRuntime.MemoryStats(GpuTestSetup.Cuda).BytesInUse); // the temporaries went back to the pool
        Same((dyt.Sum(0) * 2).ToArray<float>(), bias.Grad!.To(Device.Cpu).ToArray<float>(), "db twice");
        Same((dyt.T.MatMul(xt) * 2).ToArray<float>(), weight.Grad!.To(Device.Cpu).ToArray<float>(), "dW twice");
        ws.Release();
    }

    [Fact]
    public void AReleasedWorkspaceGivesEveryBufferBackToThePool()
    {
        long before = GpuRuntime.MemoryStats(GpuTestSetup.Cuda).BytesInUse;
        var ws = new Buffers();
        ws.Of(new float[1000]);
        ws.Of(new float[10]);
        Assert.Equal(before + 1010 * sizeof(float), GpuRuntime.MemoryStats(GpuTestSetup.Cuda).BytesInUse);
        ws.Release();
        Assert.Equal(before, GpuRuntime.MemoryStats(GpuTestSetup.Cuda).BytesInUse);
    }
}
