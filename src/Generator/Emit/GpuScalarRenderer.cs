using GraphGen.Generator.Graph.Scalar;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// An ILGPU kernel body: buffers and parameters are fields of the kernel's <c>args</c> tuple, and math compiles
    /// to PTX-native instructions. ILGPU lowers <c>MathF.Exp/Log/Tanh</c> to CUDA's LibDevice, which needs the CUDA
    /// toolkit at run time, so those go to the runtime's <c>GraphGen.Kernels.Gpu.GpuMath</c>, as do Sign and the
    /// GELU formulas. Max, Min, Abs and Sqrt are native as System.MathF.
    /// </summary>
    internal sealed class GpuScalarRenderer : ScalarRenderer
    {
        public static readonly GpuScalarRenderer Instance = new();

        protected override string Declaration => "float";

        protected override string? Function(MathFunction function) => function switch
        {
            MathFunction.Exp or MathFunction.Log or MathFunction.Tanh or MathFunction.Sign or MathFunction.Gelu or MathFunction.GeluDerivative
                or MathFunction.GeluTanh or MathFunction.GeluTanhDerivative => "global::GraphGen.Kernels.Gpu.GpuMath." + function,
            MathFunction.Sqrt or MathFunction.Abs or MathFunction.Max or MathFunction.Min => "global::System.MathF." + function,
            _ => null,
        };

        protected override string Load(string buffer) => $"args.{buffer}[i]";

        protected override string Parameter(string name) => "args." + name;

        protected override string Select(ScalarComparison comparison, string left, string right, string whenTrue, string whenFalse) =>
            $"({left} {Symbol(comparison)} {right} ? {whenTrue} : {whenFalse})";
    }
}
