using GraphGen.Kernels.Cpu;
using GraphGen.Kernels.Cpu.Simd;

namespace GraphGen.Tests.Kernels.Cpu;

/// <summary>The activation gradients' vector loops give the scalar loop's values at every width and tail length.</summary>
public class ActivationGradientsTests
{
    private delegate void Gradient(ReadOnlySpan<float> y, Span<float> dy);

    public static TheoryData<string> Activations => new() { "Relu", "Sigmoid", "Tanh" };

    private static Gradient Of(string name) => name switch
    {
        "Relu" => ActivationGradients.Relu,
        "Sigmoid" => ActivationGradients.Sigmoid,
        _ => ActivationGradients.Tanh,
    };

    private static float[] Run(Gradient gradient, float[] y, float[] dy, SimdWidth width)
    {
        var saved = SimdDispatch.Override;
        SimdDispatch.Override = width;
        try
        {
            var result = (float[])dy.Clone();
            gradient(y, result);
            return result;
        }
        finally
        {
            SimdDispatch.Override = saved;
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void EveryWidthMatchesTheScalarLoopAtEveryTailLength(string activation)
    {
        var random = new Random(41);
        for (int length = 0; length <= 40; length++)
        {
            var y = Enumerable.Range(0, length).Select(_ => random.NextSingle() * 2 - 1).ToArray();
            var dy = Enumerable.Range(0, length).Select(_ => random.NextSingle() * 4 - 2).ToArray();
            var scalar = Run(Of(activation), y, dy, SimdWidth.Scalar);
            foreach (var width in new[] { SimdWidth.V128, SimdWidth.V256, SimdWidth.V512 })
                Assert.Equal(scalar, Run(Of(activation), y, dy, width));
        }
    }

    [Fact]
    public void MismatchedLengthsAreRefused() =>
        Assert.Throws<ArgumentException>(() => ActivationGradients.Tanh(new float[3], new float[4]));
}
