using System.ComponentModel;
using GraphGen.Nn;

namespace GraphGen.Compiled;

/// <summary>
/// A convolution with the BatchNorm that is its only reader folded into its weights, for compiled code in evaluation:
/// BatchNorm in eval is the per-channel affine map y = (x − running_mean)·γ/√(running_var + ε) + β, so
/// conv(x, W) + b followed by it is one convolution with W' = W·γ/√(running_var + ε) and
/// b' = (b − running_mean)·γ/√(running_var + ε) + β (γ = 1 and β = 0 without affine, b = 0 without a conv bias).
/// </summary>
/// <remarks>
/// One lives in each workspace (so concurrent calls never share one) and <see cref="Fold"/> recomputes W' and b' on every
/// folded call: that costs O(weights), nothing beside the convolution, and cannot go stale when an optimizer step,
/// <c>LoadStateDict</c> or an in-place edit changes the parameters or the running statistics. The folded tensors are
/// allocated on the first folded call and reused after it.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ConvBatchNormFold
{
    private float[] _weight = [];
    private float[] _bias = [];

    /// <summary>W', shaped as the convolution's weight (valid after <see cref="Fold"/>).</summary>
    public Tensor Weight { get; private set; } = null!;

    /// <summary>b', one value per output channel (valid after <see cref="Fold"/>).</summary>
    public Tensor Bias { get; private set; } = null!;

    /// <summary>
    /// Whether a compiled call may fold <paramref name="norm"/> into the convolution before it: the layer is in eval with
    /// running statistics (so it is the fixed affine map) and autograd records nothing (no backward will read the
    /// convolution's or the BatchNorm's own output, which the folded call does not compute).
    /// </summary>
    public static bool Applies(BatchNormNd norm)
    {
        ArgumentNullException.ThrowIfNull(norm);
        return !norm.Training && norm.RunningMean is not null && norm.RunningVar is not null && !Autograd.IsGradEnabled;
    }

    /// <summary>W' and b' from the convolution's and the BatchNorm's current parameters and running statistics.</summary>
    public void Fold(Tensor convWeight, Tensor? convBias, BatchNormNd norm)
    {
        ArgumentNullException.ThrowIfNull(convWeight);
        ArgumentNullException.ThrowIfNull(norm);
        var runningMean = norm.RunningMean ?? throw new ArgumentException("BatchNorm folding needs running_mean; the layer has none (track_running_stats=False).", nameof(norm));
        var runningVar = norm.RunningVar ?? throw new ArgumentException("BatchNorm folding needs running_var; the layer has none (track_running_stats=False).", nameof(norm));
        int channels = convWeight.Shape[0];
        if (runningMean.NumEl != channels || runningVar.NumEl != channels)
            throw new ArgumentException($"BatchNorm folding: the convolution has {channels} output channels but running_mean has {runningMean.NumEl} and running_var {runningVar.NumEl} values.", nameof(norm));
        if (_weight.Length != convWeight.NumEl || _bias.Length != channels)
        {
            _weight = new float[convWeight.NumEl];
            _bias = new float[channels];
            Weight = Tensor.Wrap(_weight, convWeight.Shape.ToArray());
            Bias = Tensor.Wrap(_bias, channels);
        }

        var w = convWeight.AsSpan<float>();
        var b = convBias is null ? ReadOnlySpan<float>.Empty : convBias.AsSpan<float>();
        var gamma = norm.Weight is null ? ReadOnlySpan<float>.Empty : norm.Weight.AsSpan<float>();
        var beta = norm.Bias is null ? ReadOnlySpan<float>.Empty : norm.Bias.AsSpan<float>();
        var mean = runningMean.AsSpan<float>();
        var variance = runningVar.AsSpan<float>();
        int perChannel = _weight.Length / channels;
        for (int c = 0; c < channels; c++)
        {
            double scale = (gamma.IsEmpty ? 1.0 : gamma[c]) / Math.Sqrt(variance[c] + norm.Eps);
            var source = w.Slice(c * perChannel, perChannel);
            var target = _weight.AsSpan(c * perChannel, perChannel);
            for (int i = 0; i < perChannel; i++) target[i] = (float)(source[i] * scale);
            _bias[c] = (float)(((b.IsEmpty ? 0.0 : b[c]) - mean[c]) * scale + (beta.IsEmpty ? 0.0 : beta[c]));
        }
    }
}
