namespace GraphGen.Bench.SideBySide;

/// <summary>A column of the table: a name and how to build its runner for one model.</summary>
public sealed record RunnerColumn(string Name, Func<ModelSpec, IStepRunner> Create);

/// <summary>The columns of the training/inference tables, baseline first.</summary>
public static class RunnerColumns
{
    /// <summary>
    /// Every column, in table order. The first is the baseline the speed-up columns divide by.
    /// </summary>
    public static IReadOnlyList<RunnerColumn> All { get; } =
    [
        new("TorchSharp", spec => new TorchSharpStepRunner(spec)),
        new("GraphGen eager", spec => new GraphGenEagerStepRunner(spec)),
        new("GraphGen compiled", spec => new GraphGenCompiledStepRunner(spec)),
    ];
}
