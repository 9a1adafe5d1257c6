using System.Linq;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Fusion
{
    /// <summary>Where a node's values live: a Forward input's data, or a workspace buffer planned per batch size.</summary>
    /// <param name="Name">The buffer's field name in the workspace (the producing node's name), or the input's name.</param>
    /// <param name="Input">The index of the Forward input this slot is, or null for a workspace buffer.</param>
    internal sealed record Slot(string Name, SymDim Size, int? Input)
    {
        public bool IsInput => Input is not null;
    }

    /// <summary>A materialised node and its slot (views share their source's).</summary>
    internal sealed record NodeSlot(int Node, Slot Slot);

    /// <summary>
    /// The fusion step's plan (equatable, computed once per module): the kernels in execution order, where every
    /// materialised node's value lives, and the convolutions a BatchNorm folds into in eval.
    /// </summary>
    internal sealed record KernelPlan(ModuleGraph Graph, EquatableArray<Kernel> Kernels, EquatableArray<NodeSlot> Slots, EquatableArray<ConvBatchNormFold> Folds)
    {
        public Slot SlotOf(int node) => Slots.First(s => s.Node == node).Slot;

        public Slot OutputSlot => SlotOf(Graph.Output);
    }
}
