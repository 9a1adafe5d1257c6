using System.Diagnostics;
using GraphGen.Compiled;
using GraphGen.Kernels.Cpu;

namespace GraphGen.Bench.StepProfile;

/// <summary>
/// <c>--cnn</c>: where the two CNNs' compiled steps spend the time that is not convolution. Each non-convolution kernel
/// the generated code calls, alone at the model's real shapes, the convolutions for scale, and the whole compiled step
/// and inference call; "rest" is what the step takes beyond the sum of those kernels (the linear layers, loss,
/// optimizer, workspace, Call and autograd overhead). Medians of 15 repeats of ~20 ms batches, 1 thread.
/// </summary>
internal static class CnnProfile
{
    public static void Run()
    {
        foreach (var spec in CnnSpec.WhatToBeat)
        {
            Console.WriteLine($"## {spec}");
            Console.WriteLine("| kernel | shape | µs |");
            Console.WriteLine("|---|---|--:|");
            double sum = spec.Architecture == CnnArchitecture.LeNet5 ? LeNet(spec.Batch) : ConvBnGap(spec.Batch);
            var compiled = new CompiledCnn(spec);
            double step = Time(compiled.Step), infer = Time(() => compiled.Infer());
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++) compiled.Infer();
            long inferBytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
            Row("whole compiled training step", "", step);
            Row("rest: step − Σ kernels above (linear layers, loss, optimizer, Call/autograd glue)", "", step - sum);
            Row($"whole compiled inference ({inferBytes:N0} B/call)", "", infer);
            Console.WriteLine();
        }
    }

    private static double LeNet(int b)
    {
        double total = 0;
        total += Conv("conv1 fwd+ReLU", b, 1, 28, 6, 5, 2, 28);
        total += MaxPool("maxpool1", b * 6, 28, 14);
        total += Conv("conv2 fwd+ReLU", b, 6, 14, 16, 5, 0, 10);
        total += MaxPool("maxpool2", b * 16, 10, 5);
        total += Relu("relu (backward of conv1, conv2)", b * 6 * 28 * 28 + b * 16 * 10 * 10);
        return total;
    }

    private static double ConvBnGap(int b)
    {
        double total = 0;
        total += Conv("conv1 fwd", b, 1, 28, 32, 3, 1, 28);
        total += BatchNorm("bn1 + ReLU", b, 32, 784);
        total += Conv("conv2 fwd", b, 32, 28, 64, 3, 1, 28);
        total += BatchNorm("bn2 + ReLU", b, 64, 784);
        total += MaxPool("maxpool", b * 64, 28, 14);
        var x = Random(b * 64 * 196); var y = new float[b * 64]; var dx = new float[x.Length];
        total += Row("GAP fwd", $"[{b}, 64, 14, 14]", Time(() => AdaptivePoolKernels.AvgForward(x, y, b * 64, 14, 14, 1, 1)));
        total += Row("GAP bwd", $"[{b}, 64, 14, 14]", Time(() => AdaptivePoolKernels.AvgBackward(y, dx, b * 64, 14, 14, 1, 1, accumulate: false)));
        return total;
    }

    /// <summary>A convolution's forward and backward (the convolution kernels' owner's work; here for scale).</summary>
    private static double Conv(string name, int b, int cin, int size, int cout, int k, int pad, int outSize)
    {
        var x = Random(b * cin * size * size); var y = new float[b * cout * outSize * outSize]; var dy = Random(y.Length);
        var dx = cin == 1 ? [] : new float[x.Length];
        var w = Tensor.Wrap(Random(cout * cin * k * k), cout, cin, k, k).RequiresGrad_(); var bias = Tensor.Wrap(Random(cout), cout).RequiresGrad_();
        w.Grad = Tensor.ZerosLike(w); bias.Grad = Tensor.ZerosLike(bias);
        var dw = GradientTarget.For(w); var db = GradientTarget.For(bias);
        string shape = $"[{b}, {cin}, {size}, {size}] → {cout}";
        double total = Row(name + " (conv)", shape, Time(() => ConvKernels.Forward(x, y, b, cin, size, size, cout, k, k, 1, 1, pad, pad, 1, 1, 1, outSize, outSize, w, bias, Activation.Relu)));
        total += Row(name.Split(' ')[0] + " bwd (conv)", shape, Time(() =>
        {
            ConvKernels.WeightGradient(dy, x, b, cin, size, size, cout, k, k, 1, 1, pad, pad, 1, 1, 1, outSize, outSize, in dw);
            ConvKernels.BiasGradient(dy, b, cin, size, size, cout, k, k, 1, 1, pad, pad, 1, 1, 1, outSize, outSize, in db);
            if (dx.Length > 0) ConvKernels.InputGradient(dy, dx, b, cin, size, size, cout, k, k, 1, 1, pad, pad, 1, 1, 1, outSize, outSize, w, accumulate: false);
        }));
        return total;
    }

    private static double BatchNorm(string name, int b, int c, int s)
    {
        var x = Random(b * c * s); var y = new float[x.Length]; var dy = Random(x.Length); var dx = new float[x.Length];
        var mean = new float[c]; var invStd = new float[c]; var mode = new float[1];
        var weight = Tensor.Ones(c).RequiresGrad_(); var bias = Tensor.Zeros(c).RequiresGrad_();
        var runningMean = Tensor.Zeros(c); var runningVar = Tensor.Ones(c); var tracked = Tensor.Zeros([1], DType.Int64);
        weight.Grad = Tensor.ZerosLike(weight); bias.Grad = Tensor.ZerosLike(bias);
        var dw = GradientTarget.For(weight); var db = GradientTarget.For(bias);
        string shape = $"[{b}, {c}, {s}]";
        // The ReLU after the BatchNorm runs in the BatchNorm's passes (the generator fuses it), as in the compiled step.
        double total = Row(name + " fwd train", shape, Time(() => NormKernels.BatchNormForward(x, y, mean, invStd, mode, b, c, s, weight, bias, runningMean, runningVar, tracked, 1e-5, 0.1, training: true, Activation.Relu)));
        total += Row(name + " bwd train", shape, Time(() => NormKernels.BatchNormBackward(dy, x, dx, mean, invStd, mode, b, c, s, weight, in dw, in db, accumulate: false, y, Activation.Relu)));
        Row(name + " fwd eval (unfolded; not counted)", shape, Time(() => NormKernels.BatchNormForward(x, y, mean, invStd, mode, b, c, s, weight, bias, runningMean, runningVar, tracked, 1e-5, 0.1, training: false, Activation.Relu)));
        return total;
    }

    /// <summary>ReLU as the generated elementwise kernels compute it (forward max(x, 0); backward dy where y &gt; 0), at the same passes.</summary>
    private static double Relu(string name, int n)
    {
        var x = Random(n); var y = new float[n]; var dy = Random(n); var dx = new float[n];
        double total = Row(name + " fwd", $"{n:N0} values", Time(() => System.Numerics.Tensors.TensorPrimitives.Max(x, 0f, y)));
        total += Row(name + " bwd", $"{n:N0} values", Time(() => ReluBackward(y, dy, dx)));
        return total;
    }

    private static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var ys = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(y);
        var gs = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(dy);
        var os = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(dx);
        for (int i = 0; i < os.Length; i++)
            os[i] = System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(ys[i], System.Numerics.Vector<float>.Zero), gs[i], System.Numerics.Vector<float>.Zero);
    }

    private static double MaxPool(string name, int planes, int size, int outSize)
    {
        var x = Random(planes * size * size); var y = new float[planes * outSize * outSize]; var idx = new float[y.Length];
        var dy = Random(y.Length); var dx = new float[x.Length];
        string shape = $"{planes} planes {size}² → {outSize}²";
        double total = Row(name + " fwd", shape, Time(() => PoolKernels.MaxForward(x, y, idx, planes, size, size, 2, 2, 2, 2, 0, 0, 1, 1, outSize, outSize)));
        total += Row(name + " bwd", shape, Time(() => PoolKernels.MaxBackward(dy, idx, dx, planes, size, size, 2, 2, 2, 2, 0, 0, 1, 1, outSize, outSize, accumulate: false)));
        return total;
    }

    private static double Row(string name, string shape, double micros)
    {
        Console.WriteLine($"| {name} | {shape} | {micros:F1} |");
        return micros;
    }

    private static float[] Random(int n)
    {
        var r = new Random(n);
        var v = new float[n];
        for (int i = 0; i < v.Length; i++) v[i] = r.NextSingle() - 0.5f;
        return v;
    }

    private static double Time(Action a)
    {
        for (int i = 0; i < 10; i++) a();
        var runs = new List<double>();
        for (int r = 0; r < 15; r++)
        {
            var sw = Stopwatch.StartNew();
            int n = 0;
            while (sw.Elapsed.TotalMilliseconds < 20) { a(); n++; }
            runs.Add(sw.Elapsed.TotalMicroseconds / n);
        }
        runs.Sort();
        return runs[runs.Count / 2];
    }
}
