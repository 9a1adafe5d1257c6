namespace GraphGen;

public sealed partial class RandomGenerator
{
    /// <summary>The generator's state now, for a checkpoint (PyTorch's <c>get_state()</c>).</summary>
    public RandomGeneratorState GetState() => new(_s0, _s1, _s2, _s3, _spareGaussian);

    /// <summary>Continues from a state <see cref="GetState"/> returned (PyTorch's <c>set_state()</c>).</summary>
    public void SetState(RandomGeneratorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        // xoshiro256** never reaches the all-zero state and would stay there, returning only zeros.
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
            throw new ArgumentException("RandomGenerator.SetState: the state is all zeros, which no generator can be in; expected a state from GetState().", nameof(state));
        (_s0, _s1, _s2, _s3, _spareGaussian) = (state.S0, state.S1, state.S2, state.S3, state.SpareGaussian);
    }
}
