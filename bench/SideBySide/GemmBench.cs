using GraphGen.Kernels.Cpu;
using static TorchSharp.torch;
using GgTensor = GraphGen.Tensor;

namespace GraphGen.Bench.SideBySide;

/// <summary>A float32 matrix product C[m,n] = A[m,k] B[k,n].</summary>
public sealed record GemmSize(int M, int N, int K)
{
    public double Flops => 2.0 * M * N * K;

    public override string ToString() => $"{M}x{N}x{K}";

    /// <summary>Parses "512x512x512".</summary>
    public static GemmSize Parse(string text)
    {
        var parts = text.Split('x');
        if (parts.Length != 3 || !parts.All(p => int.TryParse(p, out int v) && v > 0))
            throw new ArgumentException($"GEMM size '{text}' is not of the form MxNxK with positive integers (e.g. 512x512x512).");
        return new GemmSize(int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
    }
}

/// <summary>
/// Kernel throughput, TorchSharp against GraphGen: float32 GEMM in GFLOP/s (through the tensor API and,
/// for GraphGen, the bare Sgemm kernel) and a 16M-element add in Gelem/s and GB/s.
/// </summary>
public sealed class GemmBench(IReadOnlyList<GemmSize> sizes, IReadOnlyList<int> threadCounts, CallTimer timer)
{
    /// <summary>Elements of the elementwise add: 16M floats, 64 MB per operand, far beyond the caches.</summary>
    public const int AddElements = 16 << 20;

    public void Run(TextWriter output, TextWriter progress)
    {
        var gemm = new MarkdownTable("m x n x k", "threads", "TorchSharp matmul", "GraphGen MatMul", "GraphGen Gemm.Sgemm", "MatMul / TorchSharp");
        foreach (var size in sizes)
            foreach (int threads in threadCounts)
            {
                ThreadCount.Set(threads);
                progress.WriteLine($"[{threads} thread(s)] GEMM {size} ...");
                double torchRate = MeasureTorchGemm(size), matMulRate = MeasureGraphGenMatMul(size), kernelRate = MeasureGraphGenKernel(size);
                gemm.AddRow(size.ToString(), threads.ToString(), MarkdownTable.Number(torchRate), MarkdownTable.Number(matMulRate),
                    MarkdownTable.Number(kernelRate), $"{matMulRate / torchRate:0.00}x");
            }
        output.WriteLine("### float32 GEMM, GFLOP/s (2·m·n·k per median call time; higher is better)");
        output.WriteLine();
        output.WriteLine(gemm);

        var add = new MarkdownTable("op (16M float32)", "threads", "TorchSharp Gelem/s", "GraphGen Gelem/s", "TorchSharp GB/s", "GraphGen GB/s", "GraphGen / TorchSharp");
        foreach (int threads in threadCounts)
        {
            ThreadCount.Set(threads);
            progress.WriteLine($"[{threads} thread(s)] elementwise add ...");
            AddRows(add, threads, "a + b (new tensor)", MeasureTorchAdd(inPlace: false), MeasureGraphGenAdd(inPlace: false));
            AddRows(add, threads, "a.add_(b) (in place)", MeasureTorchAdd(inPlace: true), MeasureGraphGenAdd(inPlace: true));
        }
        output.WriteLine($"### Elementwise add over {AddElements:N0} floats (GB/s counts 12 bytes per element: two reads, one write)");
        output.WriteLine();
        output.WriteLine(add);
    }

    private static void AddRows(MarkdownTable table, int threads, string op, double torchSeconds, double graphGenSeconds)
    {
        double torchRate = AddElements / torchSeconds / 1e9, graphGenRate = AddElements / graphGenSeconds / 1e9;
        table.AddRow(op, threads.ToString(), MarkdownTable.Number(torchRate), MarkdownTable.Number(graphGenRate),
            MarkdownTable.Number(torchRate * 12), MarkdownTable.Number(graphGenRate * 12), $"{graphGenRate / torchRate:0.00}x");
    }

    private double Rate(GemmSize size, Action call) => size.Flops / (timer.Measure(call).MedianMicroseconds * 1e-6) / 1e9;

    private double MeasureTorchGemm(GemmSize size)
    {
        using var a = rand(size.M, size.K);
        using var b = rand(size.K, size.N);
        return Rate(size, () => { using var c = a.matmul(b); });
    }

    private double MeasureGraphGenMatMul(GemmSize size)
    {
        var a = GgTensor.Rand(size.M, size.K);
        var b = GgTensor.Rand(size.K, size.N);
        return Rate(size, () => a.MatMul(b));
    }

    /// <summary>The kernel alone, into a preallocated C: what generated code calls.</summary>
    private double MeasureGraphGenKernel(GemmSize size)
    {
        var a = RandomFloats(size.M * size.K);
        var b = RandomFloats(size.K * size.N);
        var c = new float[size.M * size.N];
        return Rate(size, () => Gemm.Sgemm(false, false, size.M, size.N, size.K, a, size.K, b, size.N, c, size.N));
    }

    private double MeasureTorchAdd(bool inPlace)
    {
        using var a = rand(AddElements);
        using var b = rand(AddElements);
        // In place, a grows by b every call; values stay finite (~calls * 0.5) for any realistic run.
        Action call = inPlace ? () => a.add_(b) : () => { using var c = a + b; };
        return timer.Measure(call).MedianMicroseconds * 1e-6;
    }

    private double MeasureGraphGenAdd(bool inPlace)
    {
        var a = GgTensor.Rand(AddElements);
        var b = GgTensor.Rand(AddElements);
        Action call = inPlace ? () => a.Add_(b) : () => _ = a + b;
        return timer.Measure(call).MedianMicroseconds * 1e-6;
    }

    private static float[] RandomFloats(int count)
    {
        var random = new Random(7);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle();
        return values;
    }
}
