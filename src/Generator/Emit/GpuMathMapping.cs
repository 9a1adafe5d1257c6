namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// Maps the math in the ops' scalar expressions to functions that compile to PTX-native instructions:
    /// ILGPU lowers <c>MathF.Exp/Log/Tanh</c> to CUDA's LibDevice, which needs the CUDA toolkit at run time,
    /// while the runtime's <c>GraphGen.Kernels.Gpu.GpuMath</c> and <c>GraphGen.Compiled.Gpu.GpuScalarMath</c>
    /// need nothing. Max, Min, Abs and Sqrt are native already and stay as written.
    /// </summary>
    internal static class GpuMathMapping
    {
        private static readonly (string Cpu, string Gpu)[] s_map =
        {
            ("global::System.MathF.Exp(", "global::GraphGen.Kernels.Gpu.GpuMath.Exp("),
            ("global::System.MathF.Log(", "global::GraphGen.Kernels.Gpu.GpuMath.Log("),
            ("global::System.MathF.Tanh(", "global::GraphGen.Kernels.Gpu.GpuMath.Tanh("),
            ("global::System.MathF.Sign(", "global::GraphGen.Compiled.Gpu.GpuScalarMath.Sign("),
            ("global::GraphGen.Compiled.ScalarMath.", "global::GraphGen.Compiled.Gpu.GpuScalarMath."),
        };

        public static string Rewrite(string code)
        {
            foreach (var (cpu, gpu) in s_map) code = code.Replace(cpu, gpu);
            return code;
        }
    }
}
