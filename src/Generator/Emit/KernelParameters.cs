using System.Collections.Generic;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Lowering;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// What every backend's kernels take besides the output, named the same way on each: inputs <c>x</c> (or <c>x0</c>,
    /// <c>x1</c>), gradients <c>dx</c> (<c>dx0</c>, <c>dx1</c>), saved buffers, run-time scalars; and which op lowers a
    /// kernel that is not a fused elementwise loop.
    /// </summary>
    internal static class KernelParameters
    {
        public static string X(Kernel k, int j) => k.Inputs.Count == 1 ? "x" : "x" + j;

        public static string Dx(Kernel k, int j) => k.Inputs.Count == 1 ? "dx" : "dx" + j;

        /// <summary>The kernel input that is the first node's input <paramref name="nodeInput"/> (a kernel reads each value once).</summary>
        public static int KernelInput(Kernel k, int nodeInput) => k.Inputs.IndexOf(k.First.Inputs[nodeInput]);

        /// <summary>The op whose runtime kernels compute <paramref name="k"/>, or null for a fused elementwise loop (or an op with none).</summary>
        public static IKernelOp? LoweredBy(Kernel k) => k.Kind == KernelKind.Chain ? null : OpRegistry.Get(k.First.Op) as IKernelOp;

        /// <summary>The saved buffers of a kernel (Dropout's mask); the workspace names them after the kernel (<c>bn1_mean</c>).</summary>
        public static IReadOnlyList<SavedBuffer> Saved(Kernel k) => LoweredBy(k) is { } op ? op.SavedBuffers(k.First) : System.Array.Empty<SavedBuffer>();

        /// <summary>
        /// The scalars a kernel takes: (type, parameter name, expression with {layer}/{self} placeholders, node).
        /// A chain's backward needs them too (its derivatives use them); a lowered op's backward reads its saved buffers instead.
        /// </summary>
        public static List<(string Type, string Name, string Expression, GraphNode Node)> Scalars(Kernel k, bool backward = false)
        {
            var result = new List<(string, string, string, GraphNode)>();
            if (k.Kind == KernelKind.Chain)
            {
                foreach (var node in k.Nodes)
                    if (OpRegistry.Get(node.Op) is ElementwiseOp e)
                        foreach (var scalar in e.RuntimeScalars(node))
                            result.Add(("float", ScalarAdjoint.ParameterName(node, scalar.Name), "(float){layer}." + scalar.Member, node));
            }
            else if (!backward && LoweredBy(k) is { } op)
            {
                foreach (KernelValue v in op.Values(k.First)) result.Add((v.Type, v.Name, v.Expression, k.First));
            }

            return result;
        }
    }
}
