using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

/// <summary>
/// Cross entropy's float32 fast path (float32 [N, C] logits, no weights, no smoothing) against the general
/// float64 path, reached with all-one class weights, which must give the same values.
/// </summary>
public class Float32CrossEntropyTests
{
    private static (float Loss, float[] Gradient) Run(Tensor logits, Tensor targets, Reduction reduction, long ignoreIndex, bool general)
    {
        var x = logits.Detach().Clone().RequiresGrad_();
        var weight = general ? Tensor.Ones(logits.Size(1)) : null;
        var loss = F.CrossEntropy(x, targets, weight, ignoreIndex, reduction);
        (loss * 3).Backward();
        return (loss.Item<float>(), x.Grad!.ToArray<float>());
    }

    [Theory]
    [InlineData(Reduction.Mean, -100L)]
    [InlineData(Reduction.Sum, -100L)]
    [InlineData(Reduction.Mean, 2L)]
    [InlineData(Reduction.Sum, 0L)]
    public void MatchesTheGeneralPath(Reduction reduction, long ignoreIndex)
    {
        Tensor.ManualSeed(31);
        foreach (var (n, c) in new[] { (1, 1), (7, 3), (64, 10), (5, 33) })
        {
            var logits = Tensor.Randn([n, c]) * 4;
            var targets = Tensor.From(Enumerable.Range(0, n).Select(i => (long)(i * 7 % c)).ToArray());
            var fast = Run(logits, targets, reduction, ignoreIndex, general: false);
            var general = Run(logits, targets, reduction, ignoreIndex, general: true);
            if (float.IsNaN(general.Loss)) Assert.True(float.IsNaN(fast.Loss), $"[{n}, {c}]: expected NaN (every target ignored)");
            else Assert.Equal(general.Loss, fast.Loss, 1e-5f * Math.Max(1, Math.Abs(general.Loss)));
            for (int i = 0; i < general.Gradient.Length; i++)
                Assert.True(Math.Abs(general.Gradient[i] - fast.Gradient[i]) <= 1e-6 + 1e-5 * Math.Abs(general.Gradient[i]),
                    $"[{n}, {c}] {reduction}: gradient element {i} is {fast.Gradient[i]}, expected {general.Gradient[i]}");
        }
    }

    [Fact]
    public void HugeLogitsStayFinite()
    {
        var logits = Tensor.From(new float[,] { { 1000f, -1000f, 0f }, { -1000f, 1000f, 999f } });
        var loss = F.CrossEntropy(logits, Tensor.From(new long[] { 0, 2 }));
        Assert.Equal(0.5f * 1.3132616f, loss.Item<float>(), 1e-5f);
    }
}
