namespace GraphGen.Kernels.Cpu;

/// <summary>Element-wise activation fused into the epilogue of a kernel (applied after bias).</summary>
public enum Activation
{
    /// <summary>Identity.</summary>
    None,

    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>1 / (1 + exp(-x)).</summary>
    Sigmoid,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
}
