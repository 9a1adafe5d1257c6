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

    private int _m, _n, _k;
    private bool _transA, _transB;

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split(' ');
        var dims = parts[0].Split('x').Select(int.Parse).ToArray();
        (_m, _n, _k) = (dims[0], dims[1], dims[2]);
        _transA = parts.Length > 1 && parts[1][0] == 'T';
        _transB = parts.Length > 1 && parts[1][1] == 'T';
        var random = new Random(1);
        _a = Enumerable.Range(0, _m * _k).Select(_ => random.NextSingle()).ToArray();
        _b = Enumerable.Range(0, _k * _n).Select(_ => random.NextSingle()).ToArray();
        _c = new float[_m * _n];
        // Transposed operands are stored as their transpose and viewed back, as Linear's weight is.
        _ta = _transA ? Tensor.Wrap(_a, _k, _m).T : Tensor.Wrap(_a, _m, _k);
        _tb = _transB ? Tensor.Wrap(_b, _n, _k).T : Tensor.Wrap(_b, _k, _n);
    }

    [Benchmark(Description = "Gemm.Sgemm")]
    public void Sgemm() =>
        Gemm.Sgemm(_transA, _transB, _m, _n, _k, _a, _transA ? _m : _k, _b, _transB ? _k : _n, _c, _n);

    [Benchmark(Description = "Tensor.MatMul")]
    public Tensor MatMul() => _ta.MatMul(_tb);
}
