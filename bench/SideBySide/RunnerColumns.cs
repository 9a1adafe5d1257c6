namespace GraphGen.Bench.SideBySide;

/// <summary>A column of the table: a name and how to build its runner for one model.</summary>
public sealed record RunnerColumn(string Name, Func<IBenchModel, IStepRunner> Create);

/// <summary>The columns of the training/inference tables, baseline first.</summary>
public static class RunnerColumns
{
    /// <summary>
    /// Every column, in table order. The first is the baseline the speed-up columns divide by.
    /// </summary>
    public static IReadOnlyList<RunnerColumn> All { get; } =
    [
        new("TorchSharp", model => model switch
        {
            ModelSpec mlp => new TorchSharpStepRunner(mlp),
            CnnSpec cnn => new TorchSharpCnnStepRunner(cnn),
            _ => throw Unknown(model),
        }),
        new("GraphGen eager", model => model switch
        {
            ModelSpec mlp => GraphGenStepRunner.Eager(mlp),
            CnnSpec cnn => GraphGenStepRunner.Eager(cnn),
            _ => throw Unknown(model),
        }),
        new("GraphGen compiled", model => model switch
        {
            ModelSpec mlp => GraphGenStepRunner.Compiled(mlp),
            CnnSpec cnn => GraphGenStepRunner.Compiled(cnn),
            _ => throw Unknown(model),
        }),
    ];

    private static ArgumentException Unknown(IBenchModel model) =>
        new($"No runner for a {model.GetType().Name} ({model}).", nameof(model));
}
