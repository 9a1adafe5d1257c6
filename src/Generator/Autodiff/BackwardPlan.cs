using System.Collections.Generic;
using GraphGen.Generator.Fusion;

namespace GraphGen.Generator.Autodiff
{
    /// <summary>
    /// One kernel's backward: for each of its inputs, whether that input's gradient is needed (a C#
    /// condition: "true", or on which Forward inputs require grad) and whether it accumulates onto another
    /// reader's contribution already in the buffer (true) or is the first write (false).
    /// </summary>
    internal sealed class BackwardStep
    {
        public BackwardStep(Kernel kernel, string needed, List<string> inputNeeded, List<bool> accumulate)
        {
            Kernel = kernel;
            Needed = needed;
            InputNeeded = inputNeeded;
            Accumulate = accumulate;
        }

        public Kernel Kernel { get; }

        /// <summary>When the kernel's backward runs at all (its output's gradient is needed).</summary>
        public string Needed { get; }

        public List<string> InputNeeded { get; }

        public List<bool> Accumulate { get; }
    }

    /// <summary>
    /// The backward pass: kernels in reverse order, the gradient buffers (one per value slot, so a view and
    /// its source share one), and which Forward inputs receive a gradient at all.
    /// </summary>
    internal sealed class BackwardPlan
    {
        public BackwardPlan(List<BackwardStep> steps, HashSet<string> slotsWithGradient, Dictionary<int, string> inputNeeded)
        {
            Steps = steps;
            SlotsWithGradient = slotsWithGradient;
            InputNeeded = inputNeeded;
        }

        public List<BackwardStep> Steps { get; }

        /// <summary>Names of the slots some kernel writes a gradient into (workspace gradient buffers to plan).</summary>
        public HashSet<string> SlotsWithGradient { get; }

        /// <summary>For each Forward input index, the C# condition under which it gets a gradient (absent: never).</summary>
        public Dictionary<int, string> InputNeeded { get; }
    }
}
