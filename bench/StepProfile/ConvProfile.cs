using System.Diagnostics;
using System.Reflection;
using GraphGen.Kernels.Cpu;

namespace GraphGen.Bench.StepProfile;

/// <summary>
/// `--conv`: each convolution call of the two CNN benchmark models (LeNet5, ConvBnGap) alone at its real shape: forward,
/// weight gradient, bias gradient and input gradient, each beside the plain GEMMs of the same shapes on ready-made
/// matrices (what im2col + GEMM would cost if the column copy and scatter were free), and the same call forced down the
/// direct path (where it applies: stride 1, one group) and forced through im2col + GEMM; in µs and GFLOP/s.
/// </summary>
internal static class ConvProfile
{
    private static readonly (string Name, Conv2dGeometry Geometry, bool InputGradient)[] Layers =
    [
        ("LeNet conv1", Conv2dGeometry.Create(64, 1, 28, 28, 6, 5, 5, padHeight: 2, padWidth: 2), false),
        ("LeNet conv2", Conv2dGeometry.Create(64, 6, 14, 14, 16, 5, 5), true),
        ("ConvBn conv1", Conv2dGeometry.Create(32, 1, 28, 28, 32, 3, 3, padHeight: 1, padWidth: 1), false),
        ("ConvBn conv2", Conv2dGeometry.Create(32, 32, 28, 28, 64, 3, 3, padHeight: 1, padWidth: 1), true),
    ];

    public static void Run()
    {
        Console.WriteLine($"| layer | pass | conv µs | conv GFLOP/s | direct path µs | im2col+GEMM path µs | same-shape GEMMs µs | GEMM GFLOP/s |");
        Console.WriteLine("|---|---|--:|--:|--:|--:|--:|--:|");
        foreach (var (name, g, inputGradient) in Layers)
        {
            var x = Random(g.InputLength);
            var w = Random(g.WeightLength);
            var b = Random(g.OutChannels);
            var y = Random(g.OutputLength);
            var dx = new float[g.InputLength];
            var dw = new float[g.WeightLength];
            var db = new float[g.OutChannels];
            var columns = new float[Math.Max(g.ColumnsLength, 1)];
            int og = g.OutChannels, k = g.PatchLength, plane = g.OutPlane;
            var cols = Random(k * plane);
            double flops = 2.0 * g.MultiplyAdds;

            Row(name, "forward", flops,
                () => Convolution.Conv2dForward<float>(x, w, b, g, y, columns),
                () => { for (int n = 0; n < g.Batch; n++) Gemm.Sgemm(false, false, og, plane, k, w, k, cols, plane, y.AsSpan(n * og * plane, og * plane), plane, 1f); });
            Row(name, "weight grad", flops,
                () => Convolution.Conv2dBackwardWeight<float>(x, y, g, dw, columns),
                () => { for (int n = 0; n < g.Batch; n++) Gemm.Sgemm(false, true, og, k, plane, y.AsSpan(n * og * plane, og * plane), plane, cols, plane, dw, k, n > 0 ? 1f : 0f); });
            Row(name, "bias grad", g.OutputLength, () => Convolution.Conv2dBackwardBias<float>(y, g, db), null);
            if (inputGradient)
                Row(name, "input grad", flops,
                    () => Convolution.Conv2dBackwardInput<float>(y, w, g, dx, columns),
                    () => { for (int n = 0; n < g.Batch; n++) Gemm.Sgemm(true, false, k, plane, og, w, k, y.AsSpan(n * og * plane, og * plane), plane, cols, plane); });
        }
    }

    /// <summary>DirectConvolution.MaxPatchLength: 0 sends every convolution through im2col + GEMM.</summary>
    private static readonly FieldInfo DirectLimit = typeof(Gemm).Assembly.GetType("GraphGen.Kernels.Cpu.DirectConvolution")!
        .GetField("MaxPatchLength", BindingFlags.NonPublic | BindingFlags.Static)!;

    private static void Row(string layer, string pass, double flops, Action conv, Action? gemm)
    {
        double us = Time(conv);
        object limit = DirectLimit.GetValue(null)!;
        DirectLimit.SetValue(null, int.MaxValue);
        double directUs = Time(conv);
        DirectLimit.SetValue(null, 0);
        double im2colUs = Time(conv);
        DirectLimit.SetValue(null, limit);
        string gemmCells = $"| {directUs:F0} | {im2colUs:F0} | – | –";
        if (gemm is not null)
        {
            double gemmUs = Time(gemm);
            gemmCells = $"| {directUs:F0} | {im2colUs:F0} | {gemmUs:F0} | {flops / gemmUs / 1e3:F1}";
        }
        Console.WriteLine($"| {layer} | {pass} | {us:F0} | {flops / us / 1e3:F1} {gemmCells} |");
    }

    private static float[] Random(int n)
    {
        var r = new Random(n);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.NextSingle() - 0.5f;
        return v;
    }

    /// <summary>
    /// The fastest CPU-µs per call of 9 batches of ≥ 15 ms CPU time, after ≥ 50 warm-up calls and 300 ms (so the JIT's
    /// tiered compilation has promoted the kernels to optimised code). CPU time of the process, not wall time, and the
    /// minimum, not the median: on a machine shared with other work, waiting for a core then counts for nothing (on one
    /// thread; with more, the workers' time adds up, so it shows cost, not speed-up).
    /// </summary>
    private static double Time(Action a)
    {
        var warmUp = Stopwatch.StartNew();
        for (int i = 0; i < 50 || warmUp.ElapsedMilliseconds < 300; i++) a();
        var runs = new List<double>();
        for (int r = 0; r < 9; r++)
        {
            var start = Environment.CpuUsage.TotalTime;
            int n = 0;
            while ((Environment.CpuUsage.TotalTime - start).TotalMilliseconds < 15) { a(); n++; }
            runs.Add((Environment.CpuUsage.TotalTime - start).TotalMicroseconds / n);
        }
        return runs.Min();
    }
}
