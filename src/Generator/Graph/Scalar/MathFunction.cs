namespace GraphGen.Generator.Graph.Scalar
{
    /// <summary>
    /// The named functions a <see cref="ScalarExpr"/> may call. Each backend's renderer maps them to its own
    /// code (System.MathF, the runtime's ScalarMath and GpuMath, ISimdFloat's V); a function missing
    /// from a renderer's table has no form there (a chain that needs it keeps its scalar loop).
    /// </summary>
    internal enum MathFunction
    {
        Exp,
        Log,
        Tanh,
        Sqrt,
        Abs,
        Sign,
        Max,
        Min,

        /// <summary>x·Φ(x), the runtime's shared formula (GraphGen.Kernels.Cpu.ScalarMath.Gelu).</summary>
        Gelu,
        GeluDerivative,

        /// <summary>GELU's tanh approximation, the runtime's shared formula.</summary>
        GeluTanh,
        GeluTanhDerivative,
    }
}
