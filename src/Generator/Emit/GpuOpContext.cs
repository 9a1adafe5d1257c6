using System;
using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// What an op with a kernel of its own sees while it writes its GPU launches: the node and its input's shape,
    /// the device views (inputs, output, their gradients, a saved mask) as C# expressions, whether the input's
    /// gradient accumulates, and how to write a size and a kernel argument's value.
    /// </summary>
    internal sealed record GpuOpContext(
        GraphNode Node,
        SymShape InputShape,
        IReadOnlyList<string> X,
        string Y,
        string Dy,
        string Dx,
        string Mask,
        bool Accumulate,
        Func<string, string> Scalar,
        Func<SymDim, string> Dim);

    /// <summary>An op with a GPU kernel of its own (softmax, reductions, dropout): one runtime launch each way.</summary>
    internal interface IGpuKernelOp
    {
        string GpuForward(GpuOpContext c);

        string GpuBackward(GpuOpContext c);
    }
}
