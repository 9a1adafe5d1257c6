namespace GraphGen.Trainer.Tests;

/// <summary>
/// Tests that run the trainer end to end. They seed the process-wide default generator and set the CPU thread
/// count, so they run alone: another test drawing from the default generator meanwhile would change the weights.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainerRuns
{
    public const string Name = "trainer runs";
}
