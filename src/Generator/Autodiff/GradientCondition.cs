using System.Linq;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Autodiff
{
    /// <summary>
    /// When a gradient is needed at run time: always (anything downstream of a layer's parameters), never, or when
    /// any of <see cref="Inputs"/> — Forward inputs — requires grad. Data in the backward plan; emitters render it.
    /// </summary>
    internal sealed record GradientCondition(bool Always, EquatableArray<string> Inputs)
    {
        public static readonly GradientCondition Needed = new(true, EquatableArray<string>.Empty);

        public bool IsNever => !Always && Inputs.Count == 0;

        /// <summary>Decided only at run time, by the inputs' flags.</summary>
        public bool IsConditional => !Always && Inputs.Count > 0;

        /// <summary>The C# condition over the locals holding the inputs' flags: <c>true</c>, <c>false</c> or <c>needs_x || needs_y</c>.</summary>
        public string Code => Always ? "true" : Inputs.Count == 0 ? "false" : string.Join(" || ", Inputs.Select(BackwardPlanner.NeedName));
    }
}
