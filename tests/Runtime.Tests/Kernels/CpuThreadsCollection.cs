using Xunit;

namespace GraphGen.Tests.Kernels.Cpu;

/// <summary>Test classes that change the process-wide <see cref="GraphGen.Kernels.Cpu.CpuThreads.Count"/> run one at a
/// time, so a test that compares thread counts is not handed another test's count halfway through.</summary>
[CollectionDefinition(Name)]
public sealed class CpuThreadsCollection
{
    public const string Name = "CpuThreads";
}
