namespace GraphGen.Optim;

/// <summary>
/// An optimizer's resumable state (PyTorch's <c>optimizer.state_dict()</c>): per-parameter state keyed by the
/// parameter's global index (parameters are numbered across groups in order), plus every group's
/// hyper-parameters. Tensors are copies, so later steps do not change a saved dict.
/// </summary>
/// <param name="State">Index → buffers; <c>"step"</c> is an int64 scalar. Parameters never stepped have no entry.</param>
/// <param name="ParamGroups">One entry per group, in order.</param>
public sealed record OptimizerStateDict(
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, Tensor>> State,
    IReadOnlyList<ParamGroupState> ParamGroups);
