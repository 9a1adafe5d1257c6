using BenchmarkDotNet.Attributes;
using GraphGen.Kernels.Cpu;

namespace GraphGen.Bench.Benchmarks;

/// <summary>
/// Float32 GEMM C[m,n] = A[m,k]·B[k,n]: the bare kernel into a preallocated C (what generated code
/// calls) and Tensor.MatMul (allocates C, records nothing without RequiresGrad). Square sizes, plus the
/// shapes of the 784-512-512-10 model's first layer forward (x·Wᵀ) and weight gradient (gᵀ·x).
/// </summary>
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private Tensor _ta = null!, _tb = null!;

    /// <summary>"m x n x k, transA, transB".</summary>
    [Params("64x64x64", "256x256x256", "512x512x512", "128x512x784 NT", "512x784x128 TN")]
    public string Shape { get; set; } = "64x64x64";

    private int M, N, K;
    private bool TransA, TransB;

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split(' ');
        var dims = parts[0].Split('x').Select(int.Parse).ToArray();
        (M, N, K) = (dims[0], dims[1], dims[2]);
        TransA = parts.Length > 1 && parts[1][0] == 'T';
        TransB = parts.Length > 1 && parts[1][1] == 'T';
        var random = new Random(1);
        _a = Enumerable.Range(0, M * K).Select(_ => random.NextSingle()).ToArray();
        _b = Enumerable.Range(0, K * N).Select(_ => random.NextSingle()).ToArray();
        _c = new float[M * N];
        _ta = TransA ? Tensor.Wrap(_a, K, M).T : Tensor.Wrap(_a, M, K);
        _tb = TransB ? Tensor.Wrap(_b, N, K).T : Tensor.Wrap(_b, K, N);
    }

    [Benchmark(Description = "Gemm.Sgemm")]
    public void Sgemm() =>
        Gemm.Sgemm(TransA, TransB, M, N, K, _a, TransA ? M : K, _b, TransB ? K : N, _c, N);

    [Benchmark(Description = "Tensor.MatMul")]
    public Tensor MatMul() => _ta.MatMul(_tb);
}
