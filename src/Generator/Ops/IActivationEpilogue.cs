using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// An op whose kernel can apply the activation that is its only reader in its own passes, as a GEMM's epilogue does
    /// (BatchNorm and ReLU): the planner puts the activation in the op's kernel, and the op's lowering reads it with
    /// <see cref="GemmEpilogue.Activation"/>.
    /// </summary>
    internal interface IActivationEpilogue
    {
        /// <summary>Whether the kernel can take <paramref name="activation"/>, the op's only reader.</summary>
        bool TakesActivation(GraphNode activation);
    }
}
