namespace GraphGen.Tests;

/// <summary>A generator's saved state continues the same stream, including a waiting Box–Muller normal.</summary>
public class RandomGeneratorStateTests
{
    [Fact]
    public void RestoredStateContinuesTheSameStream()
    {
        var generator = new RandomGenerator(11);
        generator.Permutation(100);
        generator.NextGaussian(); // leaves the pair's second normal waiting
        var state = generator.GetState();
        double[] expected = [generator.NextGaussian(), generator.NextDouble(), .. generator.Permutation(20).Select(i => (double)i)];

        var other = new RandomGenerator(99);
        other.SetState(state);
        double[] actual = [other.NextGaussian(), other.NextDouble(), .. other.Permutation(20).Select(i => (double)i)];

        Assert.Equal(expected, actual);
        Assert.NotNull(state.SpareGaussian);
    }

    [Fact]
    public void AllZeroStateIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new RandomGenerator(1).SetState(new RandomGeneratorState(0, 0, 0, 0, null)));
        Assert.StartsWith("RandomGenerator.SetState: the state is all zeros", e.Message);
    }
}
