namespace GraphGen.Bench.SideBySide;

/// <summary>
/// One implementation of one benchmark model: a column of the side-by-side table.
/// </summary>
/// <remarks>
/// The runner owns its model, optimizer, input batch and targets, all built in its constructor, so
/// <see cref="Step"/> and <see cref="Infer"/> time only the work a training loop repeats.
/// To add a column (for example "GraphGen compiled" for a [Module] class), implement this interface
/// and register a factory in <see cref="RunnerColumns.All"/>.
/// </remarks>
public interface IStepRunner : IDisposable
{
    /// <summary>Column header, e.g. "TorchSharp" or "GraphGen eager".</summary>
    string Name { get; }

    /// <summary>One training step: forward, loss, backward, optimizer step (SGD, or Adam where the model says so), zero_grad.</summary>
    void Step();

    /// <summary>Forward pass only, without autograd recording.</summary>
    void Infer();

    /// <summary>Loss of the current parameters on the runner's batch; used to check that Step trains.</summary>
    float Loss();
}
