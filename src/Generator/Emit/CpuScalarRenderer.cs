using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Emit
{
    /// <summary>The CPU's scalar loop: <c>float</c> locals, System.MathF, the runtime's shared formulas in GraphGen.Kernels.Cpu.ScalarMath.</summary>
    internal sealed class CpuScalarRenderer : ScalarRenderer
    {
        public static readonly CpuScalarRenderer Instance = new();

        private const string MathF = "global::System.MathF.";
        private const string ScalarMath = "global::GraphGen.Kernels.Cpu.ScalarMath.";

        protected override string Declaration => "float";

        protected override string? Function(MathFunction function) => function switch
        {
            MathFunction.Exp or MathFunction.Log or MathFunction.Tanh or MathFunction.Sqrt or MathFunction.Abs or MathFunction.Sign
                or MathFunction.Max or MathFunction.Min => MathF + function,
            MathFunction.Gelu or MathFunction.GeluDerivative or MathFunction.GeluTanh or MathFunction.GeluTanhDerivative => ScalarMath + function,
            _ => null,
        };

        protected override string Load(string buffer) => buffer + "[i]";

        protected override string Select(ScalarComparison comparison, string left, string right, string whenTrue, string whenFalse) =>
            $"({left} {Symbol(comparison)} {right} ? {whenTrue} : {whenFalse})";
    }
}
