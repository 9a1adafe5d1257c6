using GraphGen;
using GraphGen.Nn;

namespace GraphGen.Integration.Modules;

/// <summary>
/// One long fused elementwise chain over a run-time feature count, using every op with a vector form, so the
/// generated *_simd methods and their scalar tails are exercised at any length. (An op without one, such as
/// Tanh or GELU, would turn the whole chain back into the scalar loop.)
/// </summary>
[Module]
public partial class SimdChains
{
    public Tensor Forward(Tensor x, Tensor y)
    {
        var a = F.Sigmoid(x) * y.Exp() - F.Elu(x, 0.7) / (y.Abs() + 1);
        var b = F.LeakyRelu(a, 0.2) + (x * x + 1).Sqrt().Log() - (-y) * 0.5;
        return F.Relu(b) + b * 0.25;
    }
}
