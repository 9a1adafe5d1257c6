using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// An op computed by runtime kernels rather than a generated elementwise loop (a GEMM, softmax, reductions,
    /// dropout, broadcasting arithmetic): it lowers its kernel to typed <see cref="KernelCall"/>s, forward and
    /// backward, which every backend renders by its own convention.
    /// </summary>
    internal interface IKernelOp
    {
        /// <summary>Buffers the forward fills and the backward reads (Dropout's mask, BatchNorm's statistics).</summary>
        IReadOnlyList<SavedBuffer> SavedBuffers(GraphNode node);

        /// <summary>Values the forward reads at run time (Dropout's p and training flag).</summary>
        IReadOnlyList<KernelValue> Values(GraphNode node);

        IEnumerable<KernelCall> Forward(KernelLowering c);

        IEnumerable<KernelCall> Backward(KernelLowering c);
    }
}
