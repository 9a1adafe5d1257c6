using GraphGen.Bench.GemmPeak;
using GraphGen.Kernels.Cpu;
using GraphGen.Kernels.Cpu.Simd;

namespace GraphGen.Bench.StepProfile;

/// <summary>
/// Every GEMM a training step of the MLP models runs (per layer: the forward x·Wᵀ with bias and ReLU, the weight
/// gradient dW = dyᵀ·x, the input gradient dx = dy·W, skipped for the first layer as the step skips it), alone into a
/// preallocated output, on 1 and on n threads: µs, GFLOP/s, % of one core's FMA peak measured in the same process,
/// and the n-thread efficiency; then the step's GEMMs together.
/// </summary>
internal static class GemmShapeProfile
{
    public static void Print(IEnumerable<ModelSpec> specs, int threads)
    {
        bool wide = SimdDispatch.Width == SimdWidth.V512;
        double peak = wide ? FmaPeak.Vector512Rate(5) : FmaPeak.Vector256Rate(5);
        Console.WriteLine($"One core's FMA peak ({(wide ? "Vector512" : "Vector256")}): {peak:F1} GFLOP/s. " +
            $"Median of 15 batches of ~20 ms per shape; efficiency = rate on {threads} threads ÷ ({threads} × rate on 1).");
        Console.WriteLine();
        Console.WriteLine($"| model | GEMM | m×n×k | 1 thread µs | GFLOP/s | % of peak | {threads} threads µs | GFLOP/s | efficiency |");
        Console.WriteLine("|---|---|---|--:|--:|--:|--:|--:|--:|");
        {
            // The reference shape: square, nothing transposed (GemmPeak's), against which the MLP shapes are read.
            var (a, b, c) = (Stopwatches.RandomFloats(512 * 512), Stopwatches.RandomFloats(512 * 512), new float[512 * 512]);
            Row("reference", "A·B", 512, 512, 512, () => Gemm.Sgemm(false, false, 512, 512, 512, a, 512, b, 512, c, 512), threads, peak);
        }

        foreach (var spec in specs)
        {
            double totalFlops = 0, total1 = 0, totalN = 0;
            var w = spec.Widths;
            for (int l = 0; l + 1 < w.Length; l++)
            {
                int b = spec.Batch, i = w[l], o = w[l + 1];
                var x = Stopwatches.RandomFloats(b * i); var weight = Stopwatches.RandomFloats(o * i); var y = new float[b * o]; var dy = Stopwatches.RandomFloats(b * o);
                var dw = new float[o * i]; var dx = new float[b * i]; var bias = Stopwatches.RandomFloats(o);
                var shapes = new List<(string Name, int M, int N, int K, Action Call)>
                {
                    ($"fc{l + 1} forward", b, o, i, () => Gemm.Sgemm(false, true, b, o, i, x, i, weight, i, y, o, 0f, bias, Activation.Relu)),
                    ($"fc{l + 1} dW = dyᵀ·x", o, i, b, () => Gemm.Sgemm(true, false, o, i, b, dy, o, x, i, dw, i, 0f)),
                };
                if (l > 0) shapes.Add(($"fc{l + 1} dx = dy·W", b, i, o, () => Gemm.Sgemm(false, false, b, i, o, dy, o, weight, i, dx, i, 0f)));
                foreach (var (name, m, n, k, call) in shapes)
                {
                    var (one, many) = Row(spec.ToString(), name, m, n, k, call, threads, peak);
                    totalFlops += 2.0 * m * n * k;
                    total1 += one;
                    totalN += many;
                }
            }

            Console.WriteLine($"| {spec} | **all of the step's GEMMs** | {totalFlops / 1e6:F0} MFLOP | {total1:F1} | {Rate(totalFlops, total1):F1} | " +
                $"{100 * Rate(totalFlops, total1) / peak:F0}% | {totalN:F1} | {Rate(totalFlops, totalN):F1} | {100 * total1 / (threads * totalN):F0}% |");
        }
    }

    /// <summary>Times one GEMM on 1 and on <paramref name="threads"/> threads and prints its row; returns both times (µs).</summary>
    private static (double One, double Many) Row(string model, string name, int m, int n, int k, Action call, int threads, double peak)
    {
        double flops = 2.0 * m * n * k;
        double one = WithThreads(1, () => Stopwatches.MedianMicroseconds(call)), many = WithThreads(threads, () => Stopwatches.MedianMicroseconds(call));
        Console.WriteLine($"| {model} | {name} | {m}×{n}×{k} | {one:F1} | {Rate(flops, one):F1} | {100 * Rate(flops, one) / peak:F0}% | " +
            $"{many:F1} | {Rate(flops, many):F1} | {100 * one / (threads * many):F0}% |");
        return (one, many);
    }

    private static double Rate(double flops, double microseconds) => flops / microseconds / 1e3;

    private static double WithThreads(int threads, Func<double> measure)
    {
        int before = CpuThreads.Count;
        CpuThreads.Count = threads;
        try
        {
            return measure();
        }
        finally
        {
            CpuThreads.Count = before;
        }
    }
}
