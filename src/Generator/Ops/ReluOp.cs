using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>ReLU: max(x, 0) (branch-free); gradient g where y &gt; 0. Fuses into a GEMM epilogue.</summary>
    internal sealed class ReluOp : ElementwiseOp, IGemmActivation
    {
        public override string Name => "Relu";

        public string GemmActivation => "Relu";

        public override bool BackwardUsesOutputOnly => true;

        public override string Forward(GraphNode node, IReadOnlyList<string> x, ScalarArguments scalars) => $"global::System.MathF.Max({x[0]}, 0f)";

        public override string?[] Backward(GraphNode node, IReadOnlyList<string> x, string y, string g, ScalarArguments scalars) =>
            new[] { $"({y} > 0f ? {g} : 0f)" };

        public override string Describe(GraphNode node) => "ReLU";
    }

    /// <summary>An activation the runtime's GEMM can apply in its epilogue (GraphGen.Kernels.Cpu.Activation).</summary>
    internal interface IGemmActivation
    {
        /// <summary>The Activation member, and the GraphGen.Compiled.ActivationGradients method that undoes it from the output.</summary>
        string GemmActivation { get; }
    }
}
