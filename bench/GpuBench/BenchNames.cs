namespace GraphGen.Bench.Gpu;

/// <summary>The model part of a result line's name, shared with bench/gpu/torch_bench.py: "mlp_784_128_10_b64_ce".</summary>
public static class BenchNames
{
    public static string Of(ModelSpec spec) =>
        $"mlp_{string.Join('_', spec.Widths)}_b{spec.Batch}_{(spec.Loss == LossKind.CrossEntropy ? "ce" : "mse")}";
}
