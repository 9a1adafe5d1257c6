using System.Diagnostics;
using GraphGen;
using GraphGen.Gpu;
using GraphGen.Nn;
using GraphGen.Optim;

// GraphGen's eager training step on a CUDA device for the four models of DESIGN.md, and a 4096x4096 SGEMM.
// Prints one line per measurement: "<name> <value> <unit>", the same format as bench/gpu/torch_bench.py.
// Usage: GpuBench [--quick | --smoke]   --quick: fewer steps; --smoke: only the smallest model and a 64x64
// GEMM, so the program itself can be checked on the CPU-accelerator emulator (GRAPHGEN_GPU_EMULATE=1).
bool smoke = args.Contains("--smoke");
bool quick = smoke || args.Contains("--quick");
if (!Device.IsCudaAvailable)
{
    Console.Error.WriteLine("GpuBench: no CUDA device found (Device.CudaDeviceCount = 0). Run it on a machine with an NVIDIA GPU.");
    return 1;
}
var cuda = Device.Cuda();
Console.WriteLine($"# device {cuda}: {GpuRuntime.DeviceName(cuda)}");

(string Name, int[] Sizes, int Batch, bool Mse)[] models =
[
    ("mlp_2_5_20_3_b32_ce", [2, 5, 20, 3], 32, false),
    ("mlp_784_128_10_b64_ce", [784, 128, 10], 64, false),
    ("mlp_784_512_512_10_b128_ce", [784, 512, 512, 10], 128, false),
    ("mlp_4096_4096_4096_b256_mse", [4096, 4096, 4096], 256, true),
];
foreach (var (name, sizes, batch, mse) in smoke ? models[..1] : models)
{
    var gen = new RandomGenerator(0);
    var layers = new List<Module>();
    for (int i = 0; i + 1 < sizes.Length; i++)
    {
        layers.Add(new Linear(sizes[i], sizes[i + 1], generator: gen));
        if (i + 2 < sizes.Length) layers.Add(new ReLU());
    }
    var model = new Sequential([.. layers]);
    model.To(cuda);
    var opt = new SGD(model.Parameters(), lr: 0.01);
    var x = Tensor.Randn([batch, sizes[0]], gen).To(cuda);
    var y = mse
        ? Tensor.Randn([batch, sizes[^1]], gen).To(cuda)
        : Tensor.From(Enumerable.Range(0, batch).Select(i => (long)(i % sizes[^1])).ToArray()).To(cuda);

    void Step()
    {
        using var _ = GpuRuntime.Scope();
        var output = model.Call(x);
        var loss = mse ? F.MseLoss(output, y) : F.CrossEntropy(output, y);
        loss.Backward();
        opt.Step();
        opt.ZeroGrad();
    }

    int warmUp = quick ? 3 : 20, steps = quick ? 10 : (sizes[0] == 4096 ? 50 : 500);
    for (int i = 0; i < warmUp; i++) Step();
    GpuRuntime.Synchronize();
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < steps; i++) Step();
    GpuRuntime.Synchronize();
    Console.WriteLine($"{name} {sw.Elapsed.TotalMicroseconds / steps:F1} us/step");
}

{
    int n = smoke ? 64 : 4096;
    var gen = new RandomGenerator(1);
    var a = Tensor.Randn([n, n], gen).To(cuda);
    var b = Tensor.Randn([n, n], gen).To(cuda);
    int reps = quick ? 2 : 10;
    using (GpuRuntime.Scope()) a.MatMul(b);
    GpuRuntime.Synchronize();
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < reps; i++)
        using (GpuRuntime.Scope()) a.MatMul(b);
    GpuRuntime.Synchronize();
    double seconds = sw.Elapsed.TotalSeconds / reps;
    Console.WriteLine($"sgemm_{n} {2.0 * n * n * n / seconds / 1e9:F0} GFLOP/s");
}
return 0;
