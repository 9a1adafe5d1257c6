namespace GraphGen;

/// <summary>
/// A step of the recorded graph: the op that produced a tensor and how to send a gradient back to
/// its inputs. Named as in PyTorch (<c>AddBackward0</c>, <c>MulBackward0</c>, ...).
/// </summary>
public sealed class Node
{
    private Func<Tensor, bool[], Tensor?[]>? _backward;
    private readonly Func<Tensor, bool[], Tensor?[]> _function;
    private readonly bool[] _needsGrad;

    internal Node(string name, Edge[] next, Func<Tensor, bool[], Tensor?[]> backward)
    {
        Name = name;
        Next = next;
        _backward = _function = backward;
        _needsGrad = next.Select(e => !e.IsEmpty).ToArray();
    }

    /// <summary>True until the backward ran without retainGraph (or the node was retired): the graph through it is still usable.</summary>
    internal bool IsArmed => _backward is not null;

    /// <summary>
    /// Re-records this node for a new call of the same op over <paramref name="inputs"/> (as many as it was made
    /// with): the edges are rebuilt in place and the backward armed again, so a recycled result's step allocates
    /// no node. Only for a node whose last graph was consumed (<see cref="IsArmed"/> false).
    /// </summary>
    internal void Reconnect(ReadOnlySpan<Tensor?> inputs)
    {
        if (IsArmed || inputs.Length != Next.Length)
            throw new InvalidOperationException($"{Name}: only a consumed node with {Next.Length} inputs can be re-recorded (it is {(IsArmed ? "still armed" : $"given {inputs.Length} inputs")}).");
        for (int i = 0; i < inputs.Length; i++)
        {
            Next[i] = Autograd.EdgeTo(inputs[i]);
            _needsGrad[i] = !Next[i].IsEmpty;
        }
        _saved = null;
        Retained = null;
        _backward = _function;
    }

    /// <summary>Makes the backward throw <paramref name="message"/>: the graph through this node can no longer be served.</summary>
    internal void Retire(string message) => _backward = (_, _) => throw new InvalidOperationException(message);

    /// <summary>PyTorch's class name of this node, e.g. <c>SumBackward0</c>.</summary>
    public string Name { get; }

    /// <summary>Where each input's gradient goes (same order as the op's inputs).</summary>
    internal Edge[] Next { get; }

    /// <summary>Where the forward op was called, recorded only inside <see cref="Autograd.DetectAnomaly"/>.</summary>
    public string? CreationSite { get; internal init; }

    /// <summary>The tensor whose gradient should be kept after backward (set by <see cref="Tensor.RetainGrad"/>).</summary>
    internal WeakReference<Tensor>? Retained { get; set; }

    /// <summary>Tensors the backward function reads, with their storage versions when the op ran.</summary>
    private (Tensor Tensor, int Version)[]? _saved;

    internal void Save(ReadOnlySpan<Tensor?> tensors)
    {
        var saved = new List<(Tensor, int)>(_saved ?? []);
        foreach (var t in tensors)
            if (t is not null) saved.Add((t, t.Storage.Version));
        _saved = [.. saved];
    }

    /// <summary>The inputs' nodes, as PyTorch's <c>next_functions</c> (null for inputs that need no gradient).</summary>
    public IReadOnlyList<Node?> NextFunctions => Next.Select(e => e.Function).ToArray();

    internal Tensor?[] Apply(Tensor grad, bool retainGraph)
    {
        var backward = _backward ?? throw new InvalidOperationException(
            "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
            "Saved intermediate values of the graph are freed when you call Backward(). " +
            $"Specify retainGraph: true if you need to backward through the graph a second time (node {Name}).");
        if (_saved is not null)
            foreach (var (t, version) in _saved)
                if (t.Storage.Version != version)
                    throw new InvalidOperationException(
                        $"one of the variables needed for gradient computation has been modified by an inplace operation: [{t.DType.TorchName()} {t.Shape}], saved by {Name}, is at version {t.Storage.Version}; expected version {version} instead. " +
                        "Use the functional form (x = x.Add(y) instead of x.Add_(y)) or Clone() the tensor before changing it.");
        if (!retainGraph) _backward = null;
        return backward(grad, _needsGrad);
    }

    /// <summary>The node as PyTorch prints a grad_fn, e.g. <c>&lt;SumBackward0&gt;</c>.</summary>
    public override string ToString() => $"<{Name}>";
}

/// <summary>One input of a node: either another node or a leaf that accumulates its gradient.</summary>
internal readonly record struct Edge(Node? Function, Tensor? Leaf, int[] Shape, DType DType)
{
    public bool IsEmpty => Function is null && Leaf is null;
}
