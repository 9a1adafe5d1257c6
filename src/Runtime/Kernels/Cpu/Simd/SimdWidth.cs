namespace GraphGen.Kernels.Cpu.Simd;

/// <summary>The vector width a fused elementwise loop runs at (<see cref="SimdDispatch.Width"/>).</summary>
public enum SimdWidth
{
    /// <summary>No SIMD: the scalar loop does every element.</summary>
    Scalar = 0,
    V128 = 128,
    V256 = 256,
    V512 = 512,
}
