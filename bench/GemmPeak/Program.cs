using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GraphGen.Bench.GemmPeak;
using GraphGen.Kernels.Cpu;
using GraphGen.Kernels.Cpu.Simd;

// One core's peak FMA throughput (a pure FMA loop) and GraphGen's GEMM as a fraction of it, per SIMD path the CPU
// accelerates (Vector512 = AVX-512, Vector256 = AVX2), on 1 and 2 threads, printed as Markdown.
// Usage: dotnet run --project bench/GemmPeak -c Release [-- --sizes 512,1024,2048 --threads 1,2 --repeats 5]
var sizes = Option("--sizes", "512,1024,2048");
var threadCounts = Option("--threads", "1,2");
int repeats = Option("--repeats", "5")[0];

Console.WriteLine($"# GEMM against one core's peak ({RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical CPUs, " +
    $"{RuntimeInformation.FrameworkDescription}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
Console.WriteLine();
Console.WriteLine("Best of the repeats for both the peak loop and each GEMM; % of peak = GEMM GFLOP/s ÷ (threads × one core's peak);");
Console.WriteLine("efficiency = rate on t threads ÷ (t × rate on 1 thread). *CPU* columns divide by the process's CPU time instead of");
Console.WriteLine("wall time (GFLOP per CPU-second): on a loaded machine they show the kernel's own cost, not the wait for a core.");
Console.WriteLine();

var widths = new List<(SimdWidth Width, string Name, Func<int, double> Peak)>();
if (Vector512.IsHardwareAccelerated) widths.Add((SimdWidth.V512, "Vector512 (AVX-512)", FmaPeak.Vector512Rate));
if (Vector256.IsHardwareAccelerated) widths.Add((SimdWidth.V256, "Vector256 (AVX2)", FmaPeak.Vector256Rate));
if (widths.Count == 0)
{
    Console.WriteLine("Neither Vector512 nor Vector256 is hardware-accelerated here: nothing to measure.");
    return 1;
}

Console.WriteLine("| path | one core's FMA peak GFLOP/s | m=n=k | threads | GEMM GFLOP/s | % of peak | speed-up | efficiency | CPU: GFLOP/s | CPU: % of peak | CPU: efficiency |");
Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
int savedThreads = CpuThreads.Count;
foreach (var (width, name, peakLoop) in widths)
{
    SimdDispatch.Override = width;
    double peak = peakLoop(repeats);
    foreach (int size in sizes)
    {
        var gemm = new GemmRate(size);
        double oneThread = 0, oneThreadCpu = 0;
        foreach (int threads in threadCounts)
        {
            CpuThreads.Count = threads;
            var (rate, cpuRate) = gemm.Measure(repeats, minSeconds: 0.5);
            if (threads == 1) (oneThread, oneThreadCpu) = (rate, cpuRate);
            string speedUp = oneThread > 0 ? $"{rate / oneThread:0.00}x" : "";
            string efficiency = oneThread > 0 ? $"{100 * rate / (threads * oneThread):0}%" : "";
            string cpuEfficiency = oneThreadCpu > 0 ? $"{100 * cpuRate / oneThreadCpu:0}%" : "";
            Console.WriteLine($"| {name} | {peak:0.0} | {size} | {threads} | {rate:0.0} | {100 * rate / (threads * peak):0.0}% | {speedUp} | {efficiency} " +
                $"| {cpuRate:0.0} | {100 * cpuRate / peak:0.0}% | {cpuEfficiency} |");
        }
    }
}
CpuThreads.Count = savedThreads;
SimdDispatch.Override = null;
return 0;

int[] Option(string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    string text = at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    var values = text.Split(',').Select(v => int.TryParse(v, out int x) && x > 0 ? x : -1).ToArray();
    if (values.Any(v => v < 0))
        throw new ArgumentException($"{name} takes a comma-separated list of positive integers but was '{text}'.");
    return values;
}
