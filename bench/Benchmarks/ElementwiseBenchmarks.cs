using BenchmarkDotNet.Attributes;

namespace GraphGen.Bench.Benchmarks;

/// <summary>Eager elementwise ops over 1M float32 (4 MB per operand: beyond L2, within L3 on most CPUs).</summary>
public class ElementwiseBenchmarks
{
    private const int Count = 1 << 20;
    private Tensor _a = null!, _b = null!, _inPlace = null!;

    [GlobalSetup]
    public void Setup()
    {
        var generator = new RandomGenerator(3);
        _a = Tensor.Randn([Count], generator);
        _b = Tensor.Randn([Count], generator);
        _inPlace = Tensor.Zeros(Count);
    }

    [Benchmark(Description = "a + b")]
    public Tensor Add() => _a + _b;

    [Benchmark(Description = "a * b")]
    public Tensor Mul() => _a * _b;

    [Benchmark(Description = "a.Relu()")]
    public Tensor Relu() => _a.Relu();

    [Benchmark(Description = "c.Add_(b) in place")]
    public Tensor AddInPlace() => _inPlace.Add_(_b);
}
