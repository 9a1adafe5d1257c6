namespace GraphGen.Kernels.Cpu;

/// <summary>Worker <paramref name="worker"/>'s share of a region whose operands travel in <paramref name="state"/>
/// (pointers and sizes), so the body can be a static lambda and the region allocates no closure.</summary>
internal delegate void WorkerBody<TState>(in TState state, int worker) where TState : struct;

/// <summary>Worker range [start, end) of a region whose operands travel in <paramref name="state"/> (see <see cref="WorkerBody{TState}"/>).</summary>
internal delegate void RangeBody<TState>(in TState state, int start, int end) where TState : struct;

/// <summary>
/// A region's state and body kept in one reused object per thread and state type, so <see cref="CpuParallel.Run{TState}"/>
/// and <see cref="CpuParallel.For{TState}"/> hand the worker team nothing new. Nested regions run inline and never touch it.
/// </summary>
internal sealed class StateWork<TState> : ParallelWork where TState : struct
{
    [ThreadStatic] private static StateWork<TState>? t_work;

    public TState State;
    public WorkerBody<TState>? Body;
    public RangeBody<TState>? RangeBody;
    public int Count;
    public int Workers;

    public static StateWork<TState> ForThisThread => t_work ??= new StateWork<TState>();

    public override void Execute(int worker)
    {
        if (Body is not null)
        {
            Body(in State, worker);
            return;
        }

        var (start, end) = CpuParallel.Range(Count, Workers, worker);
        RangeBody!(in State, start, end);
    }
}
