using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// A kernel op whose runtime has CPU entry points but no compiled GPU ones yet: the GPU backend declines the
    /// module (its compiled GPU Call returns null, so the eager path runs) and names the op and the reason.
    /// Remove the marker from an op once its <c>Kernels.Gpu.{Family}Launches</c> exist.
    /// </summary>
    internal interface ICpuOnlyKernelOp : IKernelOp
    {
        /// <summary>Why the op has no compiled GPU form, for the declining comment ("no GPU convolution launches yet").</summary>
        string NoGpuReason(GraphNode node);
    }
}
