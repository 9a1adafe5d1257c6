using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Fusion
{
    internal enum KernelKind
    {
        /// <summary>A Linear's GEMM, with the following ReLU/sigmoid/tanh in its epilogue when that is its only reader.</summary>
        Gemm,

        /// <summary>Same-shape elementwise ops (a chain or a tree) computed in one pass over the elements.</summary>
        Chain,

        /// <summary>One op with a kernel of its own (softmax, dropout, reductions).</summary>
        Op,

        /// <summary>Binary arithmetic whose operands broadcast to a larger shape.</summary>
        Broadcast,
    }

    /// <summary>
    /// A unit of generated code: the nodes it computes (the last one is its output; the others live only
    /// inside it) and the nodes it reads from outside (distinct, in order of first use). Named after its first node:
    /// <c>fc1_forward</c>, <c>fc1_backward</c>.
    /// </summary>
    internal sealed record Kernel(KernelKind Kind, EquatableArray<GraphNode> Nodes, EquatableArray<int> Inputs)
    {
        public GraphNode First => Nodes[0];

        public GraphNode Output => Nodes[Nodes.Count - 1];

        public string Name => First.Name;
    }
}
