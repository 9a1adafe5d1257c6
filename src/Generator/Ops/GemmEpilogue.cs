using GraphGen.Generator.Graph.Lowering;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// The activation a GEMM-category op (Linear, the convolutions) or an <see cref="IActivationEpilogue"/> op takes into its
    /// kernel: the kernel's second node, fused by the planner when it is the op's only reader, and how the kernel calls name it.
    /// </summary>
    internal static class GemmEpilogue
    {
        /// <summary>The fused activation's <c>GraphGen.Kernels.Cpu.Activation</c> member, or null when none is fused.</summary>
        public static string? Activation(KernelLowering c) =>
            c.Kernel.Nodes.Count > 1 ? ((IGemmActivation)OpRegistry.Get(c.Kernel.Nodes[1].Op)).GemmActivation : null;

        public static KernelArgument Argument(string activation) =>
            KernelArgument.EnumMember("GraphGen.Kernels.Cpu.Activation", activation).Named("activation");
    }
}
