using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GraphGen.Bench.SideBySide;

// GraphGen against TorchSharp (libtorch CPU) on this machine, printed as Markdown to stdout.
// Progress goes to stderr, so `dotnet run -c Release > results.md` keeps only the tables.
//   (default)  training step and inference of DESIGN.md's four "What to beat" MLPs and the convolution issue's two CNNs
//   --gemm     GEMM GFLOP/s and 16M-element add throughput
// Options: --threads 1,2   --models 0,1,2,3,4,5 (MLPs 0-3, CNNs 4 = LeNet-5, 5 = conv32-BN-conv64-BN-pool-GAP)   --gemm-sizes 512x512x512,4096x4096x1024
//          --quick (shorter warm-up and fewer repeats, for a smoke run)
var options = CommandLine.Parse(args);
if (options is null) return 2;

var timer = options.Quick
    ? new CallTimer { Warmup = TimeSpan.FromMilliseconds(100), RepeatTarget = TimeSpan.FromMilliseconds(50), Repeats = 3, CellBudget = TimeSpan.FromSeconds(1) }
    : new CallTimer();

Console.WriteLine($"# GraphGen side by side with TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version} (libtorch {TorchSharp.torch.__version__})");
Console.WriteLine();
Console.WriteLine($"{RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical CPUs, Vector512 {(Vector512.IsHardwareAccelerated ? "accelerated" : "not accelerated")}, " +
    $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. " +
    "Threads n: TorchSharp torch.set_num_threads(n); GraphGen GraphGen.Kernels.Cpu.CpuThreads.Count = n.");
Console.WriteLine();
if (typeof(GraphGen.Tensor).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
{
    Console.WriteLine("**Warning: GraphGen.Runtime was built without optimizations (Debug); build with -c Release for meaningful numbers.**");
    Console.WriteLine();
}

if (options.Gemm)
    new GemmBench(options.GemmSizes, options.Threads, timer).Run(Console.Out, Console.Error);
else
{
    ThreadCount.Set(1);
    AgreementCheck.Run(options.Models, Console.Out, Console.Error);
    new ModelBench(RunnerColumns.All, options.Models, options.Threads, timer).Run(Console.Out, Console.Error);
}
return 0;
