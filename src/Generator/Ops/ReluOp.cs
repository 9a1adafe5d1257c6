using System.Collections.Generic;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Ops
{
    /// <summary>ReLU: max(x, 0) (branch-free); gradient g where y &gt; 0. Fuses into a GEMM epilogue.</summary>
    internal sealed class ReluOp : ElementwiseOp, IGemmActivation
    {
        public override string Name => "Relu";

        public override OpForms Forms { get; } = OpForms.Activation("ReLU", "Relu");

        public string GemmActivation => "Relu";

        public override bool BackwardUsesOutputOnly => true;

        public override ScalarExpr Forward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarArguments scalars) => ScalarExpr.Max(x[0], 0);

        public override ScalarExpr?[] Backward(GraphNode node, IReadOnlyList<ScalarExpr> x, ScalarExpr y, ScalarExpr g, ScalarArguments scalars) =>
            new[] { ScalarExpr.Where(y > 0, g, 0) };

        public override bool LowerToOnnx(OnnxContext c) => c.Single("Relu");

        public override string Describe(GraphNode node) => "ReLU";
    }

    /// <summary>An activation the runtime's GEMM can apply in its epilogue (GraphGen.Kernels.Cpu.Activation).</summary>
    internal interface IGemmActivation
    {
        /// <summary>The GraphGen.Kernels.Cpu.Activation member: the epilogue applies it, and Linear's ActivationGradient kernel undoes it from the output.</summary>
        string GemmActivation { get; }
    }
}
