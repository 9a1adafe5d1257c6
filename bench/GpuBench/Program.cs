using GraphGen;
using GraphGen.Bench;
using GraphGen.Bench.Gpu;
using GraphGen.Gpu;

// GraphGen's training step on a CUDA device for the four models of DESIGN.md — eager (Sequential) and compiled
// (the [Module] classes of bench/Shared/CompiledModels.cs, whose Call runs the generated ILGPU kernels) — and a
// 4096x4096 SGEMM. Prints one line per measurement, "<name> <value> <unit>", as bench/gpu/torch_bench.py does;
// comment lines start with '#'. Before timing, an agreement check per model ("# agreement ...") trains eager and
// compiled from the same parameters on the device and compares their losses (exit code 3 if any disagree).
// Usage: GpuBench [--quick | --smoke | --check] [--models 0,1,2,3]
//   --quick: fewer steps.  --smoke: fewer steps, only the smallest model and a 64x64 GEMM, so the program itself
//   can be checked on the CPU-accelerator emulator (GRAPHGEN_GPU_EMULATE=1).  --models: indices into
//   ModelSpec.WhatToBeat.  --check: instead of benchmarking, run the integration tests' GPU checks (bench/GpuCheck)
//   on the device and print PASS/FAIL per test (exit code 4 on a failure).
string[] known = ["--quick", "--smoke", "--check", "--models"];
int modelsAt = Array.IndexOf(args, "--models");
string? modelList = modelsAt >= 0 && modelsAt + 1 < args.Length ? args[modelsAt + 1] : null;
if (args.Where((a, i) => i != modelsAt + 1 || modelsAt < 0).FirstOrDefault(a => !known.Contains(a)) is { } unknown)
{
    Console.Error.WriteLine($"GpuBench: unknown argument '{unknown}'; expected any of {string.Join(", ", known)}.");
    return 2;
}
int[] modelIndices;
try
{
    modelIndices = modelsAt < 0 ? (args.Contains("--smoke") ? [0] : [0, 1, 2, 3])
        : (modelList ?? throw new FormatException("--models needs a list")).Split(',').Select(int.Parse).ToArray();
    if (modelIndices.FirstOrDefault(i => i < 0 || i >= ModelSpec.WhatToBeat.Count, -1) is var bad and >= 0)
        throw new FormatException($"model index {bad} is out of range");
}
catch (FormatException e)
{
    Console.Error.WriteLine($"GpuBench: --models '{modelList}': {e.Message}; expected indices 0-{ModelSpec.WhatToBeat.Count - 1} separated by commas, e.g. --models 0,1.");
    return 2;
}
bool smoke = args.Contains("--smoke");
bool quick = smoke || args.Contains("--quick");

// The integration tests linked into GpuCheck switch "cuda" to the emulator when their assembly loads, unless
// GRAPHGEN_GPU_REAL=1: unless emulation was asked for, this program is about the real device.
if (!GpuRuntime.IsEmulated) Environment.SetEnvironmentVariable("GRAPHGEN_GPU_REAL", "1");
if (!Device.IsCudaAvailable)
{
    Console.Error.WriteLine("GpuBench: no CUDA device found (Device.CudaDeviceCount = 0). Run it on a machine with an NVIDIA GPU, or set GRAPHGEN_GPU_EMULATE=1.");
    return 1;
}
var cuda = Device.Cuda();
Console.WriteLine($"# device {cuda}: {GpuRuntime.DeviceName(cuda)}{(GpuRuntime.IsEmulated ? " (GRAPHGEN_GPU_EMULATE=1: the CPU emulator, timings meaningless)" : "")}");
if (args.Contains("--check")) return GpuCheckMode.Run(Console.Out);

var models = modelIndices.Select(i => ModelSpec.WhatToBeat[i]).ToList();
bool allAgree = true;
foreach (var spec in models)
    allAgree &= AgreementCheck.Run(spec, BenchNames.Of(spec), cuda, Console.Out);

foreach (var spec in models)
{
    bool large = spec.Inputs == 4096;
    int warmUp = quick ? 3 : 20, steps = quick ? 10 : (large ? 50 : 500);
    var eager = DeviceMlp.Eager(spec, cuda);
    Console.WriteLine($"eager_{BenchNames.Of(spec)} {StepTimer.MicrosecondsPerCall(eager.Step, warmUp, steps):F1} us/step");
    var compiled = DeviceMlp.Compiled(spec, cuda);
    Console.WriteLine($"compiled_{BenchNames.Of(spec)} {StepTimer.MicrosecondsPerCall(compiled.Step, warmUp, steps):F1} us/step");
}

{
    int n = smoke ? 64 : 4096;
    var gen = new RandomGenerator(1);
    var a = Tensor.Randn([n, n], gen).To(cuda);
    var b = Tensor.Randn([n, n], gen).To(cuda);
    void MatMul()
    {
        using var scope = GpuRuntime.Scope();
        a.MatMul(b);
    }
    double microseconds = StepTimer.MicrosecondsPerCall(MatMul, warmUp: 1, calls: quick ? 2 : 10);
    Console.WriteLine($"sgemm_{n} {2.0 * n * n * n / microseconds / 1e3:0.###} GFLOP/s"); // three decimals: the emulated 64x64 smoke GEMM is well under 1
}

if (!allAgree) Console.Error.WriteLine("GpuBench: eager and compiled disagree on the device (see the '# agreement' lines).");
return allAgree ? 0 : 3;
