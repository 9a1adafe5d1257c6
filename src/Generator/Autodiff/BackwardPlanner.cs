using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Emit;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Autodiff
{
    /// <summary>
    /// The reverse-mode pass over the kernel plan, written once for every op: walks the kernels from the
    /// output back, decides which gradients are needed (a node needs one when anything it depends on has
    /// parameters or is an input that requires grad), and tracks, per gradient buffer, whether a
    /// contribution is the first write or accumulates — so no buffer is ever zeroed just to be added to.
    /// Within a kernel, ops give their own derivatives (Ops/*); fused chains use <see cref="ScalarAdjoint"/>.
    /// </summary>
    internal static class BackwardPlanner
    {
        /// <summary>The differentiation step of the pipeline: the backward plan of a module's kernel plan.</summary>
        public static ModulePlan Differentiate(ModulePlan plan, System.Threading.CancellationToken ct) =>
            plan.Kernels is null ? plan : plan with { Backward = Plan(plan.Kernels) };

        public static BackwardPlan Plan(KernelPlan plan)
        {
            var graph = plan.Graph;
            var needed = NeededConditions(graph);
            var written = new HashSet<Slot>();
            var gradientSlots = new HashSet<string>();
            var inputNeeded = new HashSet<int>();
            var steps = new List<BackwardStep>();

            written.Add(plan.OutputSlot); // seeded with the incoming gradient
            foreach (var kernel in Enumerable.Reverse(plan.Kernels))
            {
                var outputSlot = plan.SlotOf(kernel.Output.Id);
                if (!written.Contains(outputSlot)) continue; // nothing downstream reads it: no gradient flows
                gradientSlots.Add(outputSlot.Name);

                var inputNeeds = new List<GradientCondition>();
                var accumulate = new List<bool>();
                foreach (int input in kernel.Inputs)
                {
                    var slot = plan.SlotOf(input);
                    var need = needed[input];
                    inputNeeds.Add(need);
                    accumulate.Add(written.Contains(slot));
                    if (need.IsNever) continue;
                    written.Add(slot);
                    if (slot.IsInput) inputNeeded.Add(slot.Input!.Value);
                    else gradientSlots.Add(slot.Name);
                }

                steps.Add(new BackwardStep(kernel, needed[kernel.Output.Id], inputNeeds.ToEquatableArray(), accumulate.ToEquatableArray()));
            }

            if (plan.OutputSlot.IsInput) inputNeeded.Add(plan.OutputSlot.Input!.Value);
            else gradientSlots.Add(plan.OutputSlot.Name);
            return new BackwardPlan(steps.ToEquatableArray(), gradientSlots.OrderBy(s => s, System.StringComparer.Ordinal).ToEquatableArray(),
                inputNeeded.OrderBy(i => i).ToEquatableArray());
        }

        /// <summary>
        /// For each node, when its gradient is needed: always below any op with parameters (they need gradients),
        /// otherwise when a Forward input it depends on requires grad.
        /// </summary>
        private static Dictionary<int, GradientCondition> NeededConditions(ModuleGraph graph)
        {
            var terms = new Dictionary<int, SortedSet<string>?>(); // null means always
            foreach (var node in graph.Nodes)
            {
                if (node.Op == "Input")
                {
                    terms[node.Id] = new SortedSet<string>(System.StringComparer.Ordinal) { node.Name };
                    continue;
                }

                if (OpRegistry.Get(node.Op).Parameters.Count > 0)
                {
                    terms[node.Id] = null;
                    continue;
                }

                var set = new SortedSet<string>(System.StringComparer.Ordinal);
                bool always = false;
                foreach (int input in node.Inputs)
                {
                    if (terms[input] is { } t) set.UnionWith(t);
                    else always = true;
                }

                terms[node.Id] = always ? null : set;
            }

            return terms.ToDictionary(t => t.Key, t => t.Value is null ? GradientCondition.Needed : new GradientCondition(false, t.Value.ToEquatableArray()));
        }

        /// <summary>The local that holds whether Forward input <paramref name="input"/> requires grad.</summary>
        public static string NeedName(string input) => "needs_" + input;
    }
}
