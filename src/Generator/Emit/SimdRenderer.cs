using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// The CPU's SIMD loop over <c>V : GraphGen.Kernels.Cpu.Simd.ISimdFloat&lt;V&gt;</c>: arithmetic is written as in the
    /// scalar loop (V has the operators and converts floats implicitly), functions are V's, a select is
    /// <c>V.Select(V.GreaterThan(a, b), ..)</c>. Tanh and GELU have no vector form: a chain that uses them keeps its scalar loop only.
    /// </summary>
    internal sealed class SimdRenderer : ScalarRenderer
    {
        public static readonly SimdRenderer Instance = new();

        protected override string Declaration => "var";

        protected override string? Function(MathFunction function) => function switch
        {
            MathFunction.Exp or MathFunction.Log or MathFunction.Sqrt or MathFunction.Abs or MathFunction.Max or MathFunction.Min or MathFunction.Sign => "V." + function,
            _ => null,
        };

        protected override string Load(string buffer) => $"V.Load({buffer}, i)";

        protected override string Select(ScalarComparison comparison, string left, string right, string whenTrue, string whenFalse) =>
            $"V.Select(V.{comparison}({left}, {right}), {whenTrue}, {whenFalse})";
    }
}
