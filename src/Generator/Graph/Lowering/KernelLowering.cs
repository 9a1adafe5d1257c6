using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Fusion;

namespace GraphGen.Generator.Graph.Lowering
{
    /// <summary>
    /// What an op sees while it lowers a kernel to calls: the kernel (its first node is the op's; a GEMM's second is
    /// the activation fused into its epilogue), the shapes of the node's inputs, and, for the backward, whether each
    /// input's gradient adds onto an earlier contribution.
    /// </summary>
    internal sealed class KernelLowering
    {
        private readonly IReadOnlyList<bool> _accumulate;

        public KernelLowering(Kernel kernel, IReadOnlyList<SymShape> inputShapes, IReadOnlyList<bool>? accumulate = null)
        {
            Kernel = kernel;
            InputShapes = inputShapes;
            _accumulate = accumulate ?? inputShapes.Select(_ => false).ToList();
        }

        public Kernel Kernel { get; }

        public GraphNode Node => Kernel.First;

        public IReadOnlyList<SymShape> InputShapes { get; }

        /// <summary>Whether input <paramref name="i"/>'s gradient buffer already holds another reader's contribution.</summary>
        public bool Accumulate(int i) => _accumulate[i];

        /// <summary>Rows of a [.., n] tensor: the product of all dimensions but the last (1 for a scalar).</summary>
        public static SymDim Rows(SymShape shape) => shape.Rank == 0 ? SymDim.Const(1) : SymDim.Product(shape.Dims.Take(shape.Rank - 1));
    }
}
