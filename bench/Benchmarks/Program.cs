using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// GraphGen's micro-benchmarks. Every benchmark runs as a short in-process job (3 warm-up and
// 5 measured iterations, no separate build per benchmark), so the whole suite takes minutes;
// pass BenchmarkDotNet's own options after `--`, e.g. `--filter *Gemm*` or `--job default`
// for a long, more precise run.
var shortJob = Job.ShortRun
    .WithWarmupCount(3)
    .WithIterationCount(5)
    .WithLaunchCount(1)
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithId("ShortInProcess");

var config = DefaultConfig.Instance
    .AddJob(shortJob.AsDefault())
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.JoinSummary);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
