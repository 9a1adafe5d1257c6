using System.Diagnostics;
using GraphGen;
using GraphGen.Bench;
using GraphGen.Bench.StepProfile;
using GraphGen.Kernels.Cpu;
using GraphGen.Nn;
using GraphGen.Optim;

// Where one compiled training step's time and allocations go (1 thread): a stopwatch and the thread's allocated
// bytes around each phase of the step (Call, loss, Backward, Step, ZeroGrad), each GEMM shape the step runs, alone,
// and the eager (Forward) step's bytes for comparison. Each time is the median of 15 repeats of ~20 ms batches.
// Usage: dotnet run --project bench/StepProfile -c Release [-- [mse] model index ...] (mse: train with MSE instead).
// `-- --small` instead compares, for a range of widths and batches, the general GEMM path of a Linear layer with the
// SmallLinear kernels the generator emits for small constant widths (how SmallWidthLimit in Ops/LinearOp.cs was chosen).
// `-- --gemm [threads] [model index ...]` times every GEMM of the models' steps alone on 1 and on `threads` threads
// (default 2), in GFLOP/s and % of one core's FMA peak (GemmShapeProfile.cs). `-- --threads N ...` profiles the step on N threads.
// `-- --cnn` profiles the two CNNs' non-convolution kernels at their real shapes (CnnProfile.cs).
// `-- --conv [threads]`: each convolution call of the two CNN models alone at its real shape (ConvProfile.cs).
CpuThreads.Count = 1;
if (args is ["--cnn"])
{
    GraphGen.Bench.StepProfile.CnnProfile.Run();
    return;
}

if (args is ["--conv", ..])
{
    if (args is [_, var threads]) CpuThreads.Count = int.Parse(threads);
    GraphGen.Bench.StepProfile.ConvProfile.Run();
    return;
}

if (args is ["--small"])
{
    CompareSmallLinear();
    return;
}

if (args is ["--gemm", ..])
{
    int gemmThreads = args.Length > 1 ? int.Parse(args[1]) : 2;
    GemmShapeProfile.Print((args.Length > 2 ? args.Skip(2).Select(int.Parse) : [1, 2]).Select(i => ModelSpec.WhatToBeat[i]), gemmThreads);
    return;
}

if (args is ["--threads", var count, ..])
{
    CpuThreads.Count = int.Parse(count);
    args = args[2..];
}

bool mse = args.Contains("mse");
var indices = args.Where(a => a != "mse").Select(int.Parse).DefaultIfEmpty(1).ToArray();
foreach (int index in indices)
{
    var spec = mse ? ModelSpec.WhatToBeat[index] with { Loss = LossKind.MeanSquaredError } : ModelSpec.WhatToBeat[index];
    Console.WriteLine($"## {spec}, {CpuThreads.Count} thread(s)");
    var model = CompiledMlp.Create(spec);
    var sgd = new SGD(model.Parameters(), lr: spec.LearningRate);
    var (xs, classes, targets) = spec.MakeBatch();
    var x = Tensor.Wrap(xs, spec.Batch, spec.Inputs);
    var t = spec.Loss == LossKind.CrossEntropy ? Tensor.Wrap(classes, spec.Batch) : Tensor.Wrap(targets, spec.Batch, spec.Outputs);
    Tensor Loss(Tensor o) => spec.Loss == LossKind.CrossEntropy ? F.CrossEntropy(o, t) : F.MseLoss(o, t);

    var samples = new List<double[]>();
    var phaseBytes = new long[5];
    void Step(bool record)
    {
        long b0 = GC.GetAllocatedBytesForCurrentThread(), t0 = Stopwatch.GetTimestamp();
        var output = model.Call(x);
        long b1 = GC.GetAllocatedBytesForCurrentThread(), t1 = Stopwatch.GetTimestamp();
        var loss = Loss(output);
        long b2 = GC.GetAllocatedBytesForCurrentThread(), t2 = Stopwatch.GetTimestamp();
        loss.Backward();
        long b3 = GC.GetAllocatedBytesForCurrentThread(), t3 = Stopwatch.GetTimestamp();
        sgd.Step();
        long b4 = GC.GetAllocatedBytesForCurrentThread(), t4 = Stopwatch.GetTimestamp();
        sgd.ZeroGrad();
        long b5 = GC.GetAllocatedBytesForCurrentThread(), t5 = Stopwatch.GetTimestamp();
        if (!record) return;
        samples.Add([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]);
        (phaseBytes[0], phaseBytes[1], phaseBytes[2], phaseBytes[3], phaseBytes[4]) =
            (phaseBytes[0] + b1 - b0, phaseBytes[1] + b2 - b1, phaseBytes[2] + b3 - b2, phaseBytes[3] + b4 - b3, phaseBytes[4] + b5 - b4);
    }

    for (int i = 0; i < 300; i++) Step(false);
    int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
    var whole = new List<double>();
    for (int r = 0; r < 15; r++)
    {
        var sw = Stopwatch.StartNew();
        int n = 0;
        while (sw.Elapsed.TotalMilliseconds < 40) { Step(true); n++; }
        whole.Add(sw.Elapsed.TotalMicroseconds / n);
    }
    long steps = samples.Count;
    Console.WriteLine($"step: median {Median(whole):F1} µs (min {whole.Min():F1}, max {whole.Max():F1}); {phaseBytes.Sum() / steps:N0} B/step; gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2} over {steps} steps");
    string[] names = ["Call", "loss", "Backward", "SGD.Step", "ZeroGrad"];
    for (int p = 0; p < 5; p++)
        Console.WriteLine($"  {names[p],-9} median {Median(samples.Select(s => s[p] * 1e6 / Stopwatch.Frequency)):F1} µs, {phaseBytes[p] / steps:N0} B/step");

    // The same step on the eager model (a Sequential of built-in layers: autograd's ops), for its bytes per step.
    {
        var eager = new EagerMlp(spec);
        for (int i = 0; i < 50; i++) eager.Step();
        long eagerBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++) eager.Step();
        Console.WriteLine($"  eager step (Forward): {(GC.GetAllocatedBytesForCurrentThread() - eagerBefore) / 200:N0} B/step");
    }

    // The loss alone (forward + backward on logits of the model's output shape) and the optimizer step alone.
    {
        var logits = Tensor.Randn([spec.Batch, spec.Outputs]).RequiresGrad_();
        Console.WriteLine($"  loss alone: forward {Time(() => Loss(logits)):F1} µs, forward + backward {Time(() => { Loss(logits).Backward(); logits.Grad = null; }):F1} µs");
        foreach (var p in model.Parameters()) p.Grad = Tensor.ZerosLike(p);
        Console.WriteLine($"  SGD.Step alone (gradients kept): {Time(() => sgd.Step()):F1} µs");
        sgd.ZeroGrad();
    }

    // Inference (forward under no-grad), compiled and eager back to back: µs and bytes per call.
    {
        var compiled = new CompiledMlp(spec);
        var eager = new EagerMlp(spec);
        Console.WriteLine($"  inference: compiled {Time(() => compiled.Infer()):F1} µs {BytesPerCall(() => compiled.Infer()):N0} B/call, " +
            $"eager {Time(() => eager.Infer()):F1} µs {BytesPerCall(() => eager.Infer()):N0} B/call");
    }

    // Each GEMM of the step alone (forward x·Wᵀ, dW = dyᵀ·x, dx = dy·W), into preallocated outputs.
    var w = spec.Widths;
    for (int l = 0; l + 1 < w.Length; l++)
    {
        int bsz = spec.Batch, i = w[l], o = w[l + 1];
        var a = Random(bsz * i); var wt = Random(o * i); var y = new float[bsz * o]; var dy = Random(bsz * o);
        var dw = new float[o * i]; var dx = new float[bsz * i]; var bias = Random(o);
        Console.WriteLine($"  layer {l}: fwd {bsz}x{o}x{i} {Time(() => Gemm.Sgemm(false, true, bsz, o, i, a, i, wt, i, y, o, 0f, bias, Activation.Relu)):F1} µs, " +
            $"dW {o}x{i}x{bsz} {Time(() => Gemm.Sgemm(true, false, o, i, bsz, dy, o, a, i, dw, i, 0f)):F1} µs, " +
            $"dx {bsz}x{i}x{o} {Time(() => Gemm.Sgemm(false, false, bsz, i, o, dy, o, wt, i, dx, i, 0f)):F1} µs");
    }
}

// Forward (ReLU fused) and the whole backward of one Linear layer: LinearKernels (GEMM) against SmallLinearKernels.
static void CompareSmallLinear()
{
    Console.WriteLine("| in x out | batch | GEMM fwd µs | small fwd µs | GEMM bwd µs | small bwd µs |");
    Console.WriteLine("|---|--:|--:|--:|--:|--:|");
    foreach (var (k, n) in new[] { (2, 5), (5, 20), (20, 3), (16, 16), (32, 32), (64, 8), (8, 64), (64, 64) })
        foreach (int rows in new[] { 1, 32, 256 })
        {
            var x = Random(rows * k); var y = new float[rows * n]; var dy = Random(rows * n); var dx = new float[rows * k];
            var weight = Tensor.Wrap(Random(n * k), n, k).RequiresGrad_();
            var bias = Tensor.Wrap(Random(n), n).RequiresGrad_();
            weight.Grad = Tensor.ZerosLike(weight);
            bias.Grad = Tensor.ZerosLike(bias);
            var dW = GraphGen.Compiled.GradientTarget.For(weight);
            var db = GraphGen.Compiled.GradientTarget.For(bias);
            double gemmForward = Time(() => LinearKernels.Forward(x, y, rows, k, n, weight, bias, Activation.Relu));
            double smallForward = Time(() => SmallLinearKernels.Forward(x, y, rows, k, n, weight, bias, Activation.Relu));
            double gemmBackward = Time(() =>
            {
                LinearKernels.ActivationGradient(y, dy, Activation.Relu);
                LinearKernels.WeightGradient(dy, x, rows, k, n, in dW);
                LinearKernels.BiasGradient(dy, rows, n, in db);
                LinearKernels.InputGradient(dy, dx, rows, k, n, weight, accumulate: false);
            });
            double smallBackward = Time(() => SmallLinearKernels.Backward(x, y, dy, dx, rows, k, n, weight, in dW, in db, Activation.Relu, accumulate: false));
            Console.WriteLine($"| {k} x {n} | {rows} | {gemmForward:F2} | {smallForward:F2} | {gemmBackward:F2} | {smallBackward:F2} |");
        }
}

static float[] Random(int n) => Stopwatches.RandomFloats(n);

static double Time(Action a) => Stopwatches.MedianMicroseconds(a);

static long BytesPerCall(Action a)
{
    for (int i = 0; i < 20; i++) a();
    long before = GC.GetAllocatedBytesForCurrentThread();
    for (int i = 0; i < 20; i++) a();
    return (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
}

static double Median(IEnumerable<double> values)
{
    var s = values.OrderBy(v => v).ToArray();
    return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
}
