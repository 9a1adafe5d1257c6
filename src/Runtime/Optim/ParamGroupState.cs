namespace GraphGen.Optim;

/// <summary>One parameter group in an <see cref="OptimizerStateDict"/>: its hyper-parameters and the indices of its parameters.</summary>
/// <param name="HyperParameters">PyTorch's group keys (<c>lr</c>, <c>momentum</c> …; flags as 0/1).</param>
/// <param name="ParameterIndices">Global indices into <see cref="OptimizerStateDict.State"/>, numbered across groups in order.</param>
public sealed record ParamGroupState(IReadOnlyDictionary<string, double> HyperParameters, IReadOnlyList<int> ParameterIndices);
