using GraphGen.Generator.Fusion;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Autodiff
{
    /// <summary>
    /// One kernel's backward: the condition under which it runs at all (<see cref="Needed"/>), the condition per
    /// kernel input, and whether each input's gradient accumulates onto an earlier contribution or is its first write.
    /// </summary>
    internal sealed record BackwardStep(Kernel Kernel, GradientCondition Needed, EquatableArray<GradientCondition> InputNeeded, EquatableArray<bool> Accumulate);

    /// <summary>
    /// The differentiation step's plan (equatable, computed once per module): the backward steps in execution order
    /// (reverse of the forward), the workspace slots that get a gradient buffer, and the Forward inputs whose
    /// gradient may be computed.
    /// </summary>
    internal sealed record BackwardPlan(EquatableArray<BackwardStep> Steps, EquatableArray<string> SlotsWithGradient, EquatableArray<int> InputsWithGradient);
}
