using GraphGen.Compiled.Gpu;
using GraphGen.Kernels.Cpu;
using GraphGen.Kernels.Gpu;
using ILGPU;

namespace GraphGen.Gpu.Tests;

/// <summary>
/// The CNN entry points for compiled GPU code (ConvLaunches, PoolLaunches, NormLaunches) on workspace buffers against
/// the CPU kernels generated CPU code calls: outputs, accumulated input gradients, and parameter gradients placed in
/// (and added onto) the parameters' Grad.
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
        ConvLaunches.Forward(ws, gx, gy, g, weight, bias);
        ConvLaunches.InputGradient(ws, gdy, gdx, g, weight, accumulate: true);
        for (int step = 0; step < 2; step++)
        {
            ConvLaunches.WeightGradient(ws, gdy, gx, g, weight, out var forAutograd);
            ConvLaunches.BiasGradient(ws, gdy, g, bias, out var biasForAutograd);
            Assert.Null(forAutograd);
            Assert.Null(biasForAutograd);
        }
        Same(y, ws.Read(gy), "y");
        Same(dx.Zip(prior, (d, p) => d + p).ToArray(), ws.Read(gdx), "dx accumulated");
        Same(dw.Select(v => 2 * v).ToArray(), weight.Grad!, "weight grad over two steps");
        Same(db.Select(v => 2 * v).ToArray(), bias.Grad!, "bias grad over two steps");
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
        PoolLaunches.MaxPool2dForward(ws, gx, gMaxY, gIndices, g);
        PoolLaunches.MaxPool2dBackward(ws, gdy, gIndices, gMaxDx, g, accumulate: true);
        PoolLaunches.AvgPool2dForward(ws, gx, gAvgY, g, countIncludePad: false);
        PoolLaunches.AvgPool2dBackward(ws, gdy, gAvgDx, g, countIncludePad: false, accumulate: false);
        PoolLaunches.AdaptiveAvgPool2dForward(ws, gx, gAdaptiveY, 6, 7, 6, outH, outW);
        PoolLaunches.AdaptiveAvgPool2dBackward(ws, ws.Of(adaptiveDy), gAdaptiveDx, 6, 7, 6, outH, outW, accumulate: false);
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
        var (gx, gy, stats, gdx) = (ws.Of(x), ws.Zeros(n), ws.Zeros(3 * channels), ws.Zeros(n));
        NormLaunches.BatchNormForward(ws, gx, gy, stats, batch, channels, spatial, weight, bias, runningMean, runningVar, training: true, momentum: 0.1, eps: 1e-5);
        NormLaunches.BatchNormBackward(ws, ws.Of(dy), gx, stats, gdx, batch, channels, spatial, weight, bias, training: true, accumulate: false, out var wg, out var bg);
        Assert.Null(wg);
        Assert.Null(bg);
        Same(y, ws.Read(gy), "y");
        Same(dx, ws.Read(gdx), "dx");
        Same(dw, weight.Grad!, "weight grad");
        Same(db, bias.Grad!, "bias grad");
        Same(mean.Select(m => 0.1f * m).ToArray(), runningMean, "running mean");
        Same(expectedRunningVar, runningVar, "running var");
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
        var (gx, gy, stats, gdx) = (ws.Of(x), ws.Zeros(x.Length), ws.Zeros(2 * rows), ws.Zeros(x.Length));
        NormLaunches.LayerNormForward(ws, gx, gy, stats, rows, features, weight, bias, eps: 1e-5);
        NormLaunches.LayerNormBackward(ws, ws.Of(dy), gx, stats, gdx, rows, features, weight, bias, accumulate: false, out _, out _);
        Same(y, ws.Read(gy), "y");
        Same(dx, ws.Read(gdx), "dx");
        Same(dw, weight.Grad!, "weight grad");
        Same(db, bias.Grad!, "bias grad");
        ws.Release();
    }
}
