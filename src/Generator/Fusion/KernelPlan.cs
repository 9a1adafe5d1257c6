using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Fusion
{
    /// <summary>Where a node's values live: a Forward input's data, or a workspace buffer planned per batch size.</summary>
    internal sealed class Slot
    {
        public Slot(string name, SymDim size, int? input)
        {
            Name = name;
            Size = size;
            Input = input;
        }

        /// <summary>The buffer's field name in the workspace (the producing node's name), or the input's name.</summary>
        public string Name { get; }

        public SymDim Size { get; }

        /// <summary>The index of the Forward input this slot is, or null for a workspace buffer.</summary>
        public int? Input { get; }

        public bool IsInput => Input is not null;
    }

    /// <summary>The kernels in execution order and where every materialised node's value lives (views share their source's slot).</summary>
    internal sealed class KernelPlan
    {
        public KernelPlan(ModuleGraph graph, List<Kernel> kernels, Dictionary<int, Slot> slots)
        {
            Graph = graph;
            Kernels = kernels;
            Slots = slots;
        }

        public ModuleGraph Graph { get; }

        public List<Kernel> Kernels { get; }

        /// <summary>Node id to slot, for inputs, views and kernel outputs (nodes fused inside a kernel have none).</summary>
        public Dictionary<int, Slot> Slots { get; }

        public Slot OutputSlot => Slots[Graph.Output];
    }
}
