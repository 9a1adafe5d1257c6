using System;
using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// What an op sees while it writes the body of its CPU kernel: the node, the shapes, and the names of
    /// the kernel's parameters. Kernel parameters are always named the same way — inputs <c>x</c> (or
    /// <c>x0</c>, <c>x1</c>), output <c>y</c>, gradients <c>dy</c> and <c>dx</c> (<c>dx0</c>, <c>dx1</c>), the layer
    /// object <c>layer</c>, sizes <c>s</c> — so op code reads like a hand-written kernel.
    /// </summary>
    internal sealed class CpuOpContext
    {
        private readonly Func<SymDim, string> _dim;
        private readonly IReadOnlyList<bool> _accumulate;

        public CpuOpContext(SourceWriter writer, GraphNode node, IReadOnlyList<SymShape> inputShapes, Func<SymDim, string> dim, IReadOnlyList<bool> accumulate)
        {
            W = writer;
            Node = node;
            InputShapes = inputShapes;
            _dim = dim;
            _accumulate = accumulate;
        }

        public SourceWriter W { get; }

        public GraphNode Node { get; }

        public IReadOnlyList<SymShape> InputShapes { get; }

        public SymShape OutputShape => Node.Shape;

        public string X(int i) => InputShapes.Count == 1 ? "x" : "x" + i;

        public string Dx(int i) => InputShapes.Count == 1 ? "dx" : "dx" + i;

        /// <summary>Whether input <paramref name="i"/>'s gradient buffer already holds another consumer's contribution.</summary>
        public bool Accumulate(int i) => _accumulate[i];

        public string Dim(SymDim dim) => _dim(dim);

        /// <summary>Rows of a [.., n] tensor: the product of all dimensions but the last.</summary>
        public string Rows(SymShape shape) => shape.Rank == 0 ? "1" : Dim(SymDim.Product(System.Linq.Enumerable.Take(shape.Dims, shape.Rank - 1)));

        public string NumEl(SymShape shape) => Dim(shape.NumEl);

        public static string Bool(bool value) => value ? "true" : "false";
    }

    /// <summary>
    /// A value a kernel takes besides buffers: its C# type, parameter name, and the expression the caller
    /// passes, where <c>{layer}</c> stands for the node's layer object and <c>{self}</c> for the module.
    /// </summary>
    internal sealed record KernelArgument(string Type, string Name, string Expression);

    /// <summary>An op with a CPU kernel of its own (not fused into a loop): it writes the kernels' bodies.</summary>
    internal interface ICpuKernelOp
    {
        /// <summary>Values the kernels take (Dropout's p and training flag).</summary>
        IReadOnlyList<KernelArgument> Arguments(GraphNode node);

        /// <summary>Extra workspace buffers the size of the output that forward fills and backward reads (Dropout's mask).</summary>
        IReadOnlyList<string> SavedBuffers(GraphNode node);

        void EmitCpuForward(CpuOpContext c);

        void EmitCpuBackward(CpuOpContext c);
    }
}
