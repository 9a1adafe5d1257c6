namespace GraphGen.Optim;

/// <summary>
/// A learning-rate scheduler's resumable state (PyTorch's <c>scheduler.state_dict()</c>): the epoch it has reached,
/// each group's base rate and the rates its last step set.
/// </summary>
public sealed record LrSchedulerState(int LastEpoch, IReadOnlyList<double> BaseLrs, IReadOnlyList<double> LastLr);
