using GraphGen.Kernels.Cpu.Simd;
using GraphGen.Integration.Modules;
using GraphGen.Integration.Support;

namespace GraphGen.Integration;

/// <summary>
/// The vectorised fused elementwise loops (the generated *_simd methods at each width, Vector512 emulated where
/// the CPU lacks it) against the scalar loop alone, for every element count 0..17 and past it, so every tail
/// length of every width is covered, forward and backward.
/// </summary>
public class SimdLoopTests
{
    public static TheoryData<SimdWidth> Widths => new() { SimdWidth.V128, SimdWidth.V256, SimdWidth.V512 };

    private static (Tensor Output, Tensor[] Gradients) Run(Func<Tensor[], Tensor> call, Tensor[] inputs, Tensor upstream, SimdWidth width)
    {
        var saved = SimdDispatch.Override;
        SimdDispatch.Override = width;
        try
        {
            var leaves = inputs.Select(t => t.Detach().Clone().RequiresGrad_()).ToArray();
            var output = call(leaves);
            (output * upstream).Sum().Backward();
            return (output.Detach(), leaves.Select(l => l.Grad!.Clone()).ToArray());
        }
        finally
        {
            SimdDispatch.Override = saved;
        }
    }

    private static void AssertSame(Func<Tensor[], Tensor> call, int inputCount, SimdWidth width, bool exact)
    {
        foreach (int rows in new[] { 1, 3 })
            for (int features = 0; features <= 17; features++)
            {
                var inputs = Enumerable.Range(0, inputCount).Select(_ => Tensor.Randn([rows, features]) * 2).ToArray();
                var scalar = Run(call, inputs, Tensor.Ones(rows, features), SimdWidth.Scalar);
                var upstream = Tensor.Ones(rows, features);
                var vector = Run(call, inputs, upstream, width);
                string what = $"{width}, [{rows}, {features}]";
                if (exact)
                {
                    Assert.Equal(scalar.Output.ToArray<float>(), vector.Output.ToArray<float>());
                    for (int j = 0; j < inputCount; j++) Assert.Equal(scalar.Gradients[j].ToArray<float>(), vector.Gradients[j].ToArray<float>());
                }
                else
                {
                    Compare.AssertClose(scalar.Output, vector.Output, what + " output", rtol: 1e-5, atol: 1e-6);
                    for (int j = 0; j < inputCount; j++) Compare.AssertClose(scalar.Gradients[j], vector.Gradients[j], $"{what} gradient of input {j}", rtol: 1e-5, atol: 1e-6);
                }
            }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void ArithmeticAndReluChainsMatchTheScalarLoopBitForBit(SimdWidth width)
    {
        Tensor.ManualSeed(21);
        var net = new ParameterFree();
        AssertSame(x => net.Call(x[0]), 1, width, exact: true);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void TranscendentalChainsMatchTheScalarLoop(SimdWidth width)
    {
        Tensor.ManualSeed(22);
        var net = new SimdChains();
        AssertSame(x => net.Call(x[0], x[1]), 2, width, exact: false);
    }

    [Fact]
    public void TheCompiledChainsAgreeWithTheEagerForward()
    {
        Tensor.ManualSeed(23);
        var net = new SimdChains();
        Compare.CallMatchesForward(net, x => net.Forward(x[0], x[1]), x => net.Call(x[0], x[1]), [5, 19], [5, 19]);
    }
}
