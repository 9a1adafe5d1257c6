using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Fusion
{
    /// <summary>
    /// A convolution kernel whose only reader is a BatchNorm that folds into it (<see cref="IFoldsIntoConvolution"/>),
    /// and the activation after the BatchNorm when that is the BatchNorm's only reader and a GEMM epilogue can apply it.
    /// In eval without autograd the CPU Call runs the three as one convolution with the folded weights and the
    /// activation in its epilogue (<c>GraphGen.Compiled.ConvBatchNormFold</c>); otherwise it runs the kernels as planned.
    /// </summary>
    /// <param name="Convolution">The convolution's kernel (its only node).</param>
    /// <param name="Norm">The BatchNorm's kernel (with the ReLU it applies in its passes, when it has one).</param>
    /// <param name="Activation">The activation's own kernel (a one-node elementwise loop), or null; the folded call writes the last kernel's buffer.</param>
    internal sealed record ConvBatchNormFold(Kernel Convolution, Kernel Norm, Kernel? Activation)
    {
        /// <summary>The activation the folded convolution applies: the BatchNorm kernel's own, or the next kernel's, or none.</summary>
        public GraphNode? ActivationNode => Norm.Nodes.Count > 1 ? Norm.Nodes[1] : Activation?.First;

        /// <summary>The kernels the folded call replaces, in the order the unfolded call runs them.</summary>
        public IEnumerable<Kernel> Kernels => Activation is null ? new[] { Convolution, Norm } : new[] { Convolution, Norm, Activation };

        /// <summary>The node whose buffer the folded call writes.</summary>
        public GraphNode Output => (Activation ?? Norm).Output;

        /// <summary>The generated method running the folded convolution: <c>conv1_bn1_folded_forward</c>.</summary>
        public string MethodName => $"{Convolution.Name}_{Norm.Name}_folded_forward";

        /// <summary>The workspace field holding the folded weights: <c>bn1_fold</c>.</summary>
        public string FieldName => Norm.Name + "_fold";
    }

    /// <summary>Finds the <see cref="ConvBatchNormFold"/>s of a kernel plan (part of the fusion step).</summary>
    internal static class ConvBatchNormFolding
    {
        public static EquatableArray<ConvBatchNormFold> Find(ModuleGraph graph, IReadOnlyList<Kernel> kernels, IReadOnlyList<List<int>> readers)
        {
            var byOutput = kernels.ToDictionary(k => k.Output.Id);
            var folds = new List<ConvBatchNormFold>();
            foreach (var conv in kernels)
            {
                var convNode = conv.First;
                if (conv.Kind != KernelKind.Gemm || conv.Nodes.Count != 1 || convNode.LayerPath is null) continue;
                if (SoleReader(graph, readers, convNode) is not { } normNode || normNode.LayerPath is null) continue;
                if (OpRegistry.Get(normNode.Op) is not IFoldsIntoConvolution foldable || !foldable.FoldsAfter(convNode)) continue;
                var norm = kernels.FirstOrDefault(k => k.First == normNode);
                if (norm is null) continue;

                Kernel? activation = null;
                if (norm.Nodes.Count == 1 && SoleReader(graph, readers, normNode) is { } reader && reader.Inputs.Count == 1 && OpRegistry.Get(reader.Op) is IGemmActivation
                    && byOutput.TryGetValue(reader.Id, out var readerKernel) && readerKernel.Nodes.Count == 1)
                    activation = readerKernel;
                folds.Add(new ConvBatchNormFold(conv, norm, activation));
            }

            return folds.ToEquatableArray();
        }

        /// <summary>The one node reading <paramref name="node"/>, when there is exactly one and the node is not the graph's output.</summary>
        private static GraphNode? SoleReader(ModuleGraph graph, IReadOnlyList<List<int>> readers, GraphNode node) =>
            node.Id != graph.Output && readers[node.Id].Count == 1 ? graph.Nodes[readers[node.Id][0]] : null;
    }
}
