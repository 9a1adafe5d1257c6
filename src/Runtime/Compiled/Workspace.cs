using System.ComponentModel;

namespace GraphGen.Compiled;

/// <summary>
/// The buffers one compiled call uses for activations, saved values and gradients, planned for one set of
/// sizes (<typeparamref name="TSizes"/>: the batch size and the model's dimensions). Generated modules derive
/// one per module. A workspace is owned by one call from its forward until its backward (or until the
/// forward returns, when no backward is recorded), then goes back to the pool for the next call.
/// </summary>
/// <remarks>
/// A training call (one that records a backward) also reuses the workspace's output tensor, its autograd node and
/// the array of gradients its backward returns (<see cref="Record"/>, <see cref="Gradients"/>), so a steady
/// training step allocates nothing. The output a training call returns is therefore handed out again by the next
/// training call at the same sizes, once the backward of the first has run: keep <c>Item()</c> values or a
/// <c>Detach().Clone()</c> across steps, not the tensor. A graph kept with <c>retainGraph: true</c> keeps its own
/// output (the next call makes a new one).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class Workspace<TSizes> where TSizes : struct, IEquatable<TSizes>
{
    private bool _gradientsAllocated;
    private Tensor? _output;
    private Tensor?[] _gradients = [];
    private Func<Tensor, bool[], Tensor?[]>? _nodeBackward;

    protected Workspace(TSizes sizes) => Sizes = sizes;

    public TSizes Sizes { get; }

    /// <summary>Incremented each time the workspace is returned: a backward from an older call can tell it was reused.</summary>
    public int Generation { get; internal set; }

    /// <summary>The <see cref="Generation"/> of the training call recorded last (its backward checks it is still current).</summary>
    public int RecordedGeneration { get; private set; }

    /// <summary>The module's backward for this workspace, from the output's gradient to one gradient per recorded input (set by the generated workspace).</summary>
    protected Func<Tensor, Tensor?[]>? Backward { get; init; }

    /// <summary>Allocates the gradient buffers on the first backward (inference never needs them).</summary>
    public void EnsureGradients()
    {
        if (_gradientsAllocated) return;
        AllocateGradients();
        _gradientsAllocated = true;
    }

    protected abstract void AllocateGradients();

    /// <summary>
    /// Throws when the workspace was handed to another call since the forward that saved
    /// <paramref name="generation"/>: a second backward through the same graph (retainGraph) cannot be served.
    /// </summary>
    public void EnsureGeneration(int generation, string module)
    {
        if (Generation != generation) throw new InvalidOperationException(SecondBackwardMessage(module));
    }

    /// <summary>
    /// The output of a training call: <paramref name="values"/> copied into the workspace's output tensor of shape
    /// <paramref name="shape"/>, recorded by autograd over <paramref name="inputs"/> with the workspace's backward.
    /// The tensor and its node are the last training call's when that call's graph was consumed; otherwise new.
    /// </summary>
    public Tensor Record(string name, ReadOnlySpan<float> values, ReadOnlySpan<Tensor?> inputs, params ReadOnlySpan<int> shape)
    {
        if (Backward is null) throw new InvalidOperationException($"{GetType().Name}: the generated workspace set no Backward; it cannot record a training call.");
        var output = _output;
        if (output is not null && (output.GradFn is { IsArmed: true } || !output.ShapeArray.AsSpan().SequenceEqual(shape)))
        {
            // The last graph was kept (retainGraph): it keeps its output, and a backward through it again fails as before.
            output.GradFn?.Retire(SecondBackwardMessage(name.EndsWith("Backward", StringComparison.Ordinal) ? name[..^"Backward".Length] : name));
            output = null;
        }

        if (output is null)
            _output = output = Tensor.Wrap(new float[values.Length], shape.ToArray());
        else
            output.ResetForReuse();
        values.CopyTo(output.AsSpan<float>());
        RecordedGeneration = Generation;
        Autograd.Rerecord(output, name, _nodeBackward ??= (g, _) => Backward(g), inputs);
        return output;
    }

    /// <summary>What the backward returns to autograd, in the workspace's reused array (autograd reads it at once and keeps none of it).</summary>
    public Tensor?[] Gradients(params ReadOnlySpan<Tensor?> gradients)
    {
        if (_gradients.Length != gradients.Length) _gradients = new Tensor?[gradients.Length];
        gradients.CopyTo(_gradients);
        return _gradients;
    }

    private static string SecondBackwardMessage(string module) =>
        $"{module}: the compiled backward already ran for this call and its saved activations were reused. " +
        "Backward through a compiled module's graph a second time (retainGraph: true) is not supported; use Forward for that graph.";
}
