using System.ComponentModel;

namespace GraphGen.Compiled;

/// <summary>
/// The buffers one compiled call uses for activations, saved values and gradients, planned for one set of
/// sizes (<typeparamref name="TSizes"/>: the batch size and the model's dimensions). Generated modules derive
/// one per module. A workspace is owned by one call from its forward until its backward (or until the
/// forward returns, when no backward is recorded), then goes back to the pool for the next call.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class Workspace<TSizes> where TSizes : struct, IEquatable<TSizes>
{
    private bool _gradientsAllocated;

    protected Workspace(TSizes sizes) => Sizes = sizes;

    public TSizes Sizes { get; }

    /// <summary>Incremented each time the workspace is returned: a backward from an older call can tell it was reused.</summary>
    public int Generation { get; internal set; }

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
        if (Generation != generation)
            throw new InvalidOperationException(
                $"{module}: the compiled backward already ran for this call and its saved activations were reused. " +
                "Backward through a compiled module's graph a second time (retainGraph: true) is not supported; use Forward for that graph.");
    }
}
