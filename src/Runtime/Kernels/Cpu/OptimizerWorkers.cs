namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Splits one parameter's fused optimizer update across the <see cref="CpuWorkerTeam"/>: contiguous element ranges whose
/// boundaries are multiples of <see cref="Alignment"/>, so every element takes the same vector or scalar path as on one
/// thread and the result is bit for bit the single-threaded one. Only parameters of at least
/// <see cref="CpuParallel.MinElementsPerWorker"/> elements per worker are split (a memory-bound pass: smaller ones
/// would spend more on starting a worker than they save).
/// </summary>
internal static unsafe class OptimizerWorkers
{
    /// <summary>Elements per range boundary: a whole number of vectors at every width (64 floats = 4 Vector512).</summary>
    private const int Alignment = 64;

    /// <summary>Workers for a parameter of <paramref name="length"/> elements (1: update it on the calling thread).</summary>
    public static int Count(int length) => CpuParallel.WorkerCount(length, CpuParallel.MinElementsPerWorker, length / Alignment + 1);

    public static void Sgd(Span<float> param, ReadOnlySpan<float> grad, Span<float> momentumBuffer, in SgdStep h, bool firstStep, int workers)
    {
        fixed (float* p = param, g = grad, buffer = momentumBuffer)
        {
            var region = Region.ForThisThread;
            region.Set(param.Length, workers, p, g, buffer, momentumBuffer.IsEmpty ? 0 : momentumBuffer.Length);
            region.Sgd = h;
            region.FirstStep = firstStep;
            region.IsAdam = false;
            Run(region, workers);
        }
    }

    public static void Adam(Span<float> param, ReadOnlySpan<float> grad, Span<float> expAvg, Span<float> expAvgSq, Span<float> maxExpAvgSq, in AdamStep h, int workers)
    {
        fixed (float* p = param, g = grad, m = expAvg, v = expAvgSq, maxV = maxExpAvgSq)
        {
            var region = Region.ForThisThread;
            region.Set(param.Length, workers, p, g, m, expAvg.Length);
            region.ExpAvgSq = v;
            region.MaxExpAvgSq = maxV;
            region.MaxLength = maxExpAvgSq.Length;
            region.Adam = h;
            region.IsAdam = true;
            Run(region, workers);
        }
    }

    private static void Run(Region region, int workers)
    {
        try
        {
            CpuParallel.Run(workers, region);
        }
        finally
        {
            region.Clear();
        }
    }

    /// <summary>One update's operands as pinned pointers (spans cannot be fields of reusable work), one object per calling thread.</summary>
    private sealed class Region : ParallelWork
    {
        [ThreadStatic] private static Region? t_region;

        public SgdStep Sgd;
        public AdamStep Adam;
        public bool FirstStep, IsAdam;
        public float* ExpAvgSq, MaxExpAvgSq;
        public int MaxLength;
        private float* _param, _grad, _state;
        private int _length, _stateLength, _workers;

        public static Region ForThisThread => t_region ??= new Region();

        /// <summary><paramref name="state"/>: the momentum buffer (SGD) or exp_avg (Adam), <paramref name="stateLength"/> 0 when absent.</summary>
        public void Set(int length, int workers, float* param, float* grad, float* state, int stateLength)
        {
            (_length, _workers, _stateLength) = (length, workers, stateLength);
            _param = param;
            _grad = grad;
            _state = state;
        }

        public void Clear()
        {
            _param = _grad = _state = ExpAvgSq = MaxExpAvgSq = null;
        }

        public override void Execute(int worker)
        {
            int blocks = (_length + Alignment - 1) / Alignment;
            var (first, end) = CpuParallel.Range(blocks, _workers, worker);
            int start = first * Alignment, count = Math.Min(_length, end * Alignment) - start;
            if (count <= 0) return;
            var param = new Span<float>(_param + start, count);
            var grad = new ReadOnlySpan<float>(_grad + start, count);
            var state = _stateLength == 0 ? default : new Span<float>(_state + start, count);
            if (!IsAdam)
            {
                OptimizerKernels.SgdRange(param, grad, state, Sgd, FirstStep);
                return;
            }

            var maxExpAvgSq = MaxLength == 0 ? default : new Span<float>(MaxExpAvgSq + start, count);
            OptimizerKernels.AdamRange(param, grad, state, new Span<float>(ExpAvgSq + start, count), maxExpAvgSq, Adam);
        }
    }
}
