using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Emit;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Fusion
{
    /// <summary>
    /// Decides which nodes share a kernel. A Linear whose only reader is ReLU, sigmoid or tanh takes it into
    /// its GEMM's epilogue, and a BatchNorm whose only reader is ReLU into its passes (<see cref="IActivationEpilogue"/>); same-shape elementwise ops whose intermediate results are read only inside the
    /// group form one loop (a chain, or a tree such as <c>relu(x)·2 - x/4</c>); views cost nothing and share
    /// their source's buffer. Everything else is a kernel of its own. Kernels run in order of their output
    /// node, which keeps every read after its write. A convolution read only by a BatchNorm is also noted as a
    /// <see cref="ConvBatchNormFold"/> (a second way to run those kernels, in eval).
    /// </summary>
    internal static class KernelPlanner
    {
        /// <summary>The fusion step of the pipeline: a module's kernel plan (none without a compiled graph).</summary>
        public static ModulePlan Fuse(ModuleEmitModel model, System.Threading.CancellationToken ct) =>
            new(model, model.Graph is null ? null : Plan(model.Graph), null);

        public static KernelPlan Plan(ModuleGraph graph)
        {
            var nodes = graph.Nodes;
            var readers = new List<int>[nodes.Count];
            for (int i = 0; i < nodes.Count; i++) readers[i] = new List<int>();
            foreach (var n in nodes)
            foreach (int input in n.Inputs)
                readers[input].Add(n.Id);

            var assigned = new HashSet<int>();
            var kernels = new List<Kernel>();

            // GEMMs first, each taking its activation when that is the Linear's only reader.
            foreach (var node in nodes.Where(n => OpRegistry.Get(n.Op).Category == OpCategory.Gemm))
            {
                var members = new List<GraphNode> { node };
                if (SoleReader(node, readers, graph) is { } reader && OpRegistry.Get(reader.Op) is IGemmActivation && reader.Inputs.Count == 1)
                    members.Add(reader);
                kernels.Add(Create(KernelKind.Gemm, members, assigned));
            }

            // Ops that apply their activation in their own passes (BatchNorm's ReLU), when it is their only reader.
            foreach (var node in nodes)
            {
                if (assigned.Contains(node.Id) || OpRegistry.Get(node.Op) is not IActivationEpilogue epilogue) continue;
                if (SoleReader(node, readers, graph) is { } reader && reader.Inputs.Count == 1 && !assigned.Contains(reader.Id) && epilogue.TakesActivation(reader))
                    kernels.Add(Create(KernelKind.Op, new List<GraphNode> { node, reader }, assigned));
            }

            // Elementwise groups, from the output backwards: a group absorbs a same-shape elementwise producer
            // when every reader of that producer is already in the group, so its value never leaves the loop.
            foreach (var root in nodes.Reverse())
            {
                if (assigned.Contains(root.Id) || OpRegistry.Get(root.Op) is not ElementwiseOp || !SameShapeOperands(root, nodes)) continue;
                var members = new SortedDictionary<int, GraphNode> { [root.Id] = root };
                for (bool grew = true; grew;)
                {
                    grew = false;
                    foreach (var member in members.Values.ToList())
                    foreach (int input in member.Inputs)
                    {
                        var producer = nodes[input];
                        if (members.ContainsKey(input) || assigned.Contains(input) || input == graph.Output) continue;
                        if (OpRegistry.Get(producer.Op) is not ElementwiseOp || !SameShapeOperands(producer, nodes) || !producer.Shape.Equals(root.Shape)) continue;
                        if (!readers[input].All(members.ContainsKey)) continue;
                        members[input] = producer;
                        grew = true;
                    }
                }

                kernels.Add(Create(KernelKind.Chain, members.Values.ToList(), assigned));
            }

            // Everything else computes on its own: broadcasting arithmetic and the ops with kernels of their own.
            foreach (var node in nodes)
            {
                if (assigned.Contains(node.Id)) continue;
                var op = OpRegistry.Get(node.Op);
                if (op.Category is OpCategory.Input or OpCategory.View) continue;
                kernels.Add(Create(op is ElementwiseOp ? KernelKind.Broadcast : KernelKind.Op, new List<GraphNode> { node }, assigned));
            }

            kernels = kernels.OrderBy(k => k.Output.Id).ToList();
            return new KernelPlan(graph, kernels.ToEquatableArray(), AssignSlots(graph, kernels).Select(s => new NodeSlot(s.Key, s.Value)).OrderBy(s => s.Node).ToEquatableArray(),
                ConvBatchNormFolding.Find(graph, kernels, readers));
        }

        private static Kernel Create(KernelKind kind, List<GraphNode> members, HashSet<int> assigned)
        {
            foreach (var m in members) assigned.Add(m.Id);
            var memberIds = new HashSet<int>(members.Select(m => m.Id));
            var inputs = members.SelectMany(m => m.Inputs).Where(i => !memberIds.Contains(i)).Distinct().ToList();
            return new Kernel(kind, members.ToEquatableArray(), inputs.ToEquatableArray());
        }

        /// <summary>The one node reading <paramref name="node"/>, when there is exactly one and the node is not the graph's output.</summary>
        private static GraphNode? SoleReader(GraphNode node, List<int>[] readers, ModuleGraph graph) =>
            node.Id != graph.Output && readers[node.Id].Count == 1 ? graph.Nodes[readers[node.Id][0]] : null;

        private static bool SameShapeOperands(GraphNode node, IReadOnlyList<GraphNode> nodes) =>
            node.Inputs.All(i => nodes[i].Shape.Equals(node.Shape));

        private static Dictionary<int, Slot> AssignSlots(ModuleGraph graph, List<Kernel> kernels)
        {
            var slots = new Dictionary<int, Slot>();
            for (int i = 0; i < graph.Inputs.Count; i++)
            {
                var input = graph.Inputs[i];
                slots[input.NodeId] = new Slot(input.Name, graph.Nodes[input.NodeId].Shape.NumEl, i);
            }

            foreach (var k in kernels) slots[k.Output.Id] = new Slot(k.Output.Name, k.Output.Shape.NumEl, null);

            // Views (in order, so chains of views resolve) share their source's slot.
            foreach (var node in graph.Nodes)
                if (OpRegistry.Get(node.Op).Category == OpCategory.View && slots.TryGetValue(node.Inputs[0], out var source))
                    slots[node.Id] = source;
            return slots;
        }
    }
}
