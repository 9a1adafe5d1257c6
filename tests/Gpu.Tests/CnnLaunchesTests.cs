using GraphGen.Compiled.Gpu;
using GraphGen.Kernels.Cpu;
using GraphGen.Kernels.Gpu;
using ILGPU;

namespace GraphGen.Gpu.Tests;

/// <summary>
/// The CNN entry points for compiled GPU code (ConvLaunches, PoolLaunches, AdaptivePoolLaunches, NormLaunches, CatLaunches)
/// on workspace buffers against the CPU functions generated CPU code reaches: outputs, accumulated input gradients,
/// parameter gradients placed in (and added onto) the parameters' Grad, and BatchNorm's running statistics and count.
/// </summary>
public class CnnLaunchesTests
{
    private static float[] Random(int n, int seed)
    {
        var g = new RandomGenerator(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(g.NextDouble() * 4 - 2)).ToArray();
    }

    private static Tensor Parameter(float[] data) => Tensor.From(data).To(GpuTestSetup.Cuda).RequiresGrad_();

    private static void Same(float[] expected, float[] actual, string what) =>
        Close.Assert(expected.Select(v => (double)v).ToArray(), actual.Select(v => (double)v).ToArray(), what: what);

    private static void Same(float[] expected, Tensor actual, string what) => Same(expected, actual.ToArray<float>(), what);

    [Fact]
    public void ConvolutionForwardAndBackwardMatchTheCpuKernels()
    {
        var g = Conv2dGeometry.Create(batch: 2, inChannels: 4, inHeight: 6, inWidth: 5, outChannels: 6, kernelHeight: 3, kernelWidth: 2,
            strideHeight: 2, strideWidth: 1, padHeight: 1, padWidth: 1, dilationHeight: 1, dilationWidth: 2, groups: 2);
        float[] x = Random(g.InputLength, 1), w = Random(g.WeightLength, 2), b = Random(g.OutChannels, 3), dy = Random(g.OutputLength, 4), prior = Random(g.InputLength, 5);
        var columns = new float[g.ColumnsLength];
        float[] y = new float[g.OutputLength], dx = new float[g.InputLength], dw = new float[g.WeightLength], db = new float[g.OutChannels];
        Convolution.Conv2dForward<float>(x, w, b, g, y, columns);
        Convolution.Conv2dBackwardInput<float>(dy, w, g, dx, columns);
        Convolution.Conv2dBackwardWeight<float>(x, dy, g, dw, columns);
        Convolution.Conv2dBackwardBias<float>(dy, g, db);

        var ws = new DeviceBuffers();
        var (weight, bias) = (Parameter(w), Parameter(b));
        var (gx, gy, gdy, gdx) = (ws.Of(x), ws.Zeros(g.OutputLength), ws.Of(dy), ws.Of(prior));
        ConvLaunches.Forward(ws, gx, gy, g.Batch, g.InChannels, g.InHeight, g.InWidth, g.OutChannels, g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth,
            g.PadTop, g.PadLeft, g.DilationHeight, g.DilationWidth, g.Groups, g.OutHeight, g.OutWidth, weight, bias, Activation.None);
        ConvLaunches.InputGradient(ws, gdy, gdx, g.Batch, g.InChannels, g.InHeight, g.InWidth, g.OutChannels, g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth,
            g.PadTop, g.PadLeft, g.DilationHeight, g.DilationWidth, g.Groups, g.OutHeight, g.OutWidth, weight, accumulate: true);
        for (int step = 0; step < 2; step++)
        {
            ConvLaunches.WeightGradient(ws, gdy, gx, g.Batch, g.InChannels, g.InHeight, g.InWidth, g.OutChannels, g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth,
                g.PadTop, g.PadLeft, g.DilationHeight, g.DilationWidth, g.Groups, g.OutHeight, g.OutWidth, weight, out var forAutograd);
            ConvLaunches.BiasGradient(ws, gdy, g.Batch, g.InChannels, g.InHeight, g.InWidth, g.OutChannels, g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth,
                g.PadTop, g.PadLeft, g.DilationHeight, g.DilationWidth, g.Groups, g.OutHeight, g.OutWidth, bias, out var biasForAutograd);
            Assert.Null(forAutograd);
            Assert.Null(biasForAutograd);
        }
        Same(y, ws.Read(gy), "y");
        Same(dx.Zip(prior, (d, p) => d + p).ToArray(), ws.Read(gdx), "dx accumulated");
        Same(dw.Select(v => 2 * v).ToArray(), weight.Grad!, "weight grad over two steps");
        Same(db.Select(v => 2 * v).ToArray(), bias.Grad!, "bias grad over two steps");

        // A fused ReLU is applied in place after the bias, as the CPU kernel's epilogue does.
        var relu = ws.Zeros(g.OutputLength);
        ConvLaunches.Forward(ws, gx, relu, g.Batch, g.InChannels, g.InHeight, g.InWidth, g.OutChannels, g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth,
            g.PadTop, g.PadLeft, g.DilationHeight, g.DilationWidth, g.Groups, g.OutHeight, g.OutWidth, weight, bias, Activation.Relu);
        Same(y.Select(v => MathF.Max(v, 0f)).ToArray(), ws.Read(relu), "relu(y)");
        ws.Release();
    }

    [Fact]
    public void PoolsForwardAndBackwardMatchTheCpuKernels()
    {
        var g = Pool2dGeometry.Create(planes: 6, inHeight: 7, inWidth: 6, kernelHeight: 3, kernelWidth: 3, strideHeight: 2, strideWidth: 2,
            padHeight: 1, padWidth: 1, dilationHeight: 1, dilationWidth: 1, ceilMode: true);
        float[] x = Random(g.InputLength, 6), dy = Random(g.OutputLength, 7), prior = Random(g.InputLength, 8);
        float[] maxY = new float[g.OutputLength], avgY = new float[g.OutputLength], maxDx = new float[g.InputLength], avgDx = new float[g.InputLength];
        var indices = new int[g.OutputLength];
        Pooling.MaxPool2dForward<float>(x, g, maxY, indices);
        Pooling.MaxPool2dBackward<float>(dy, indices, g, maxDx);
        Pooling.AvgPool2dForward<float>(x, g, countIncludePad: false, avgY);
        Pooling.AvgPool2dBackward<float>(dy, g, countIncludePad: false, avgDx);
        const int outH = 3, outW = 2;
        float[] adaptiveY = new float[6 * outH * outW], adaptiveDy = Random(6 * outH * outW, 9), adaptiveDx = new float[g.InputLength];
        Pooling.AdaptiveAvgPool2dForward<float>(x, 6, 7, 6, outH, outW, adaptiveY);
        Pooling.AdaptiveAvgPool2dBackward<float>(adaptiveDy, 6, 7, 6, outH, outW, adaptiveDx);

        var ws = new DeviceBuffers();
        var (gx, gdy, gIndices) = (ws.Of(x), ws.Of(dy), ws.Zeros(g.OutputLength));
        var (gMaxY, gAvgY, gMaxDx, gAvgDx) = (ws.Zeros(g.OutputLength), ws.Zeros(g.OutputLength), ws.Of(prior), ws.Zeros(g.InputLength));
        var (gAdaptiveY, gAdaptiveDx) = (ws.Zeros(adaptiveY.Length), ws.Zeros(g.InputLength));
        PoolLaunches.MaxForward(ws, gx, gMaxY, gIndices, g.Planes, g.InHeight, g.InWidth, g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth,
            g.PadTop, g.PadLeft, g.DilationHeight, g.DilationWidth, g.OutHeight, g.OutWidth);
        PoolLaunches.MaxBackward(ws, gdy, gIndices, gMaxDx, g.Planes, g.InHeight, g.InWidth, g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth,
            g.PadTop, g.PadLeft, g.DilationHeight, g.DilationWidth, g.OutHeight, g.OutWidth, accumulate: true);
        PoolLaunches.AvgForward(ws, gx, gAvgY, g.Planes, g.InHeight, g.InWidth, g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth,
            g.PadTop, g.PadLeft, g.OutHeight, g.OutWidth, countIncludePad: false);
        PoolLaunches.AvgBackward(ws, gdy, gAvgDx, g.Planes, g.InHeight, g.InWidth, g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth,
            g.PadTop, g.PadLeft, g.OutHeight, g.OutWidth, countIncludePad: false, accumulate: false);
        AdaptivePoolLaunches.AvgForward(ws, gx, gAdaptiveY, 6, 7, 6, outH, outW);
        AdaptivePoolLaunches.AvgBackward(ws, ws.Of(adaptiveDy), gAdaptiveDx, 6, 7, 6, outH, outW, accumulate: false);
        Same(maxY, ws.Read(gMaxY), "max y");
        Same(maxDx.Zip(prior, (d, p) => d + p).ToArray(), ws.Read(gMaxDx), "max dx accumulated");
        Same(avgY, ws.Read(gAvgY), "avg y");
        Same(avgDx, ws.Read(gAvgDx), "avg dx");
        Same(adaptiveY, ws.Read(gAdaptiveY), "adaptive y");
        Same(adaptiveDx, ws.Read(gAdaptiveDx), "adaptive dx");
        ws.Release();
    }

    [Fact]
    public void BatchNormTrainingUpdatesRunningStatisticsAndMatchesTheCpuKernels()
    {
        const int batch = 3, channels = 4, spatial = 5;
        int n = batch * channels * spatial;
        float[] x = Random(n, 10), w = Random(channels, 11), b = Random(channels, 12), dy = Random(n, 13);
        float[] y = new float[n], mean = new float[channels], variance = new float[channels], invStd = new float[channels];
        float[] dx = new float[n], dw = new float[channels], db = new float[channels];
        Normalization.BatchNormTrainForward<float>(x, w, b, batch, channels, spatial, 1e-5f, y, mean, variance, invStd);
        Normalization.BatchNormBackward<float>(dy, x, w, mean, invStd, batch, channels, spatial, training: true, dx, dw, db);
        float unbias = n / channels / (n / (float)channels - 1);
        var expectedRunningVar = variance.Select(v => 0.9f * 1f + 0.1f * v * unbias).ToArray();

        var ws = new DeviceBuffers();
        var (weight, bias) = (Parameter(w), Parameter(b));
        var runningMean = Tensor.Zeros([channels], device: GpuTestSetup.Cuda);
        var runningVar = Tensor.Ones([channels], device: GpuTestSetup.Cuda);
        var tracked = Tensor.Scalar(0L).To(GpuTestSetup.Cuda);
        var (gx, gy, gMean, gInvStd, mode, gdx) = (ws.Of(x), ws.Zeros(n), ws.Zeros(channels), ws.Zeros(channels), ws.Zeros(1), ws.Zeros(n));
        NormLaunches.BatchNormForward(ws, gx, gy, gMean, gInvStd, mode, batch, channels, spatial, weight, bias, runningMean, runningVar, tracked,
            eps: 1e-5, momentum: 0.1, training: true);
        NormLaunches.BatchNormBackward(ws, ws.Of(dy), gx, gdx, gMean, gInvStd, mode, batch, channels, spatial, weight, weight, out var wg, bias, out var bg, accumulate: false);
        Assert.Null(wg);
        Assert.Null(bg);
        Same(y, ws.Read(gy), "y");
        Same(dx, ws.Read(gdx), "dx");
        Same(dw, weight.Grad!, "weight grad");
        Same(db, bias.Grad!, "bias grad");
        Same(mean.Select(m => 0.1f * m).ToArray(), runningMean, "running mean");
        Same(expectedRunningVar, runningVar, "running var");
        Same(invStd, ws.Read(gInvStd), "saved 1/std");
        Assert.Equal(1f, ws.Read(mode)[0]);
        Assert.Equal(1L, tracked.Item<long>());
        ws.Release();
    }

    [Fact]
    public void BatchNormEvalNormalisesWithTheRunningStatisticsAndMomentumNoneAverages()
    {
        const int batch = 2, channels = 3, spatial = 70; // 140 values per channel: several rounds of a group's threads
        int n = batch * channels * spatial;
        float[] x = Random(n, 20), w = Random(channels, 21), b = Random(channels, 22), dy = Random(n, 23), rm = Random(channels, 24);
        float[] rv = Random(channels, 25).Select(v => v * v + 0.5f).ToArray();
        float[] y = new float[n], dx = new float[n], dw = new float[channels], db = new float[channels];
        var invStd = rv.Select(v => 1f / MathF.Sqrt(v + 1e-5f)).ToArray();
        Normalization.BatchNormEvalForward<float>(x, w, b, rm, rv, batch, channels, spatial, 1e-5f, y);
        Normalization.BatchNormBackward<float>(dy, x, w, rm, invStd, batch, channels, spatial, training: false, dx, dw, db);

        var ws = new DeviceBuffers();
        var (weight, bias) = (Parameter(w), Parameter(b));
        var (runningMean, runningVar) = (Tensor.From(rm).To(GpuTestSetup.Cuda), Tensor.From(rv).To(GpuTestSetup.Cuda));
        var tracked = Tensor.Scalar(4L).To(GpuTestSetup.Cuda);
        var (gx, gy, gMean, gInvStd, mode, prior) = (ws.Of(x), ws.Zeros(n), ws.Zeros(channels), ws.Zeros(channels), ws.Of([1f]), Random(n, 26));
        var gdx = ws.Of(prior);
        NormLaunches.BatchNormForward(ws, gx, gy, gMean, gInvStd, mode, batch, channels, spatial, weight, bias, runningMean, runningVar, tracked,
            eps: 1e-5, momentum: null, training: false);
        NormLaunches.BatchNormBackward(ws, ws.Of(dy), gx, gdx, gMean, gInvStd, mode, batch, channels, spatial, weight, weight, out _, bias, out _, accumulate: true);
        Same(y, ws.Read(gy), "eval y");
        Same(dx.Zip(prior, (d, p) => d + p).ToArray(), ws.Read(gdx), "eval dx accumulated");
        Same(dw, weight.Grad!, "eval weight grad");
        Same(db, bias.Grad!, "eval bias grad");
        Assert.Equal(0f, ws.Read(mode)[0]);
        Assert.Equal(4L, tracked.Item<long>()); // eval counts nothing

        // Training with momentum None: the fifth batch moves the running statistics by 1/5 of the way (a cumulative average).
        float[] mean = new float[channels], variance = new float[channels], batchInvStd = new float[channels];
        Normalization.BatchNormTrainForward<float>(x, w, b, batch, channels, spatial, 1e-5f, y, mean, variance, batchInvStd);
        NormLaunches.BatchNormForward(ws, gx, gy, gMean, gInvStd, mode, batch, channels, spatial, weight, bias, runningMean, runningVar, tracked,
            eps: 1e-5, momentum: null, training: true);
        Assert.Equal(5L, tracked.Item<long>());
        Same(y, ws.Read(gy), "training y");
        Same(rm.Zip(mean, (r, m) => 0.8f * r + 0.2f * m).ToArray(), runningMean, "running mean after a cumulative average");
        ws.Release();
    }

    [Fact]
    public void LayerNormForwardAndBackwardMatchTheCpuKernels()
    {
        const int rows = 6, features = 7;
        float[] x = Random(rows * features, 14), w = Random(features, 15), b = Random(features, 16), dy = Random(rows * features, 17);
        float[] y = new float[x.Length], mean = new float[rows], rstd = new float[rows], dx = new float[x.Length], dw = new float[features], db = new float[features];
        Normalization.LayerNormForward<float>(x, w, b, features, 1e-5f, y, mean, rstd);
        Normalization.LayerNormBackward<float>(dy, x, w, mean, rstd, features, dx, dw, db);

        var ws = new DeviceBuffers();
        var (weight, bias) = (Parameter(w), Parameter(b));
        var (gx, gy, gMean, gRstd, gdx) = (ws.Of(x), ws.Zeros(x.Length), ws.Zeros(rows), ws.Zeros(rows), ws.Zeros(x.Length));
        NormLaunches.LayerNormForward(ws, gx, gy, gMean, gRstd, features, weight, bias, eps: 1e-5);
        NormLaunches.LayerNormBackward(ws, ws.Of(dy), gx, gdx, gMean, gRstd, features, weight, weight, out _, bias, out _, accumulate: false);
        Same(y, ws.Read(gy), "y");
        Same(dx, ws.Read(gdx), "dx");
        Same(dw, weight.Grad!, "weight grad");
        Same(db, bias.Grad!, "bias grad");
        ws.Release();
    }

    [Fact]
    public void CatCopiesEachPartIntoItsColumnsAndSlicesTheGradientBack()
    {
        const int outer = 3, width = 4, offset = 2, total = 9;
        float[] x = Random(outer * width, 30), whole = Random(outer * total, 31), prior = Random(outer * width, 32);
        var y = (float[])whole.Clone();
        var dx = (float[])prior.Clone();
        CatKernels.CopyInto(x, y, outer, width, offset, total);
        CatKernels.SliceGradient(whole, dx, outer, width, offset, total, accumulate: true);

        var ws = new DeviceBuffers();
        var (gy, gdx) = (ws.Of(whole), ws.Of(prior));
        CatLaunches.CopyInto(ws, ws.Of(x), gy, outer, width, offset, total);
        CatLaunches.SliceGradient(ws, ws.Of(whole), gdx, outer, width, offset, total, accumulate: true);
        Same(y, ws.Read(gy), "y: the part in its columns, the rest untouched");
        Same(dx, ws.Read(gdx), "dx accumulated");
        var e = Assert.Throws<ArgumentException>(() => CatLaunches.CopyInto(ws, ws.Of(x), gy, outer, width, offset: 6, total));
        Assert.Contains("at column 6 does not fit", e.Message);
        ws.Release();
    }
}
