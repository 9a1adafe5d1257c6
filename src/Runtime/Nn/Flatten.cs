namespace GraphGen.Nn;

/// <summary>Collapses dimensions StartDim..EndDim into one (PyTorch's <c>nn.Flatten</c>); by default all but the batch dimension.</summary>
/// <remarks>
/// Shape: input (*, S_start, ..., S_end, *), output (*, ∏S, *). With the defaults (1, -1) a
/// (N, C, H, W) batch becomes (N, C·H·W).
/// </remarks>
public sealed class Flatten : Module
{
    public Flatten(int startDim = 1, int endDim = -1)
    {
        StartDim = startDim;
        EndDim = endDim;
    }

    public int StartDim { get; }

    public int EndDim { get; }

    public Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);

    protected internal override Tensor CallCore(Tensor input) => Forward(input);

    protected override string ExtraRepr() => $"start_dim={StartDim}, end_dim={EndDim}";
}
