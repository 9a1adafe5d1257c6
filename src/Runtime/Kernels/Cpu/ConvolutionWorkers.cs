using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// The batch-parallel passes of <see cref="Convolution"/>: the batch is split into contiguous sample ranges, one per
/// worker. Worker 0 uses the caller's im2col columns; the others use columns (and, for the weight gradient, partial
/// sums) rented from the shared array pool, so steady-state training allocates no new arrays. Spans cannot enter the
/// workers' lambdas, so the operands are pinned and passed as pointers.
/// </summary>
internal static unsafe class ConvolutionWorkers
{
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Conv2dGeometry g,
        Span<T> y, Span<T> columns, int workers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int columnsLength = g.ColumnsLength;
        T[] scratch = ArrayPool<T>.Shared.Rent((workers - 1) * columnsLength);
        try
        {
            fixed (T* px = x, pw = weight, pb = bias, py = y, pc = columns, ps = scratch)
            {
                T* xs = px, ws = pw, bs = pb, ys = py, own = pc, extra = ps;
                int biasLength = bias.Length;
                CpuParallel.Run(workers, w =>
                {
                    var (first, end) = CpuParallel.Range(g.Batch, workers, w);
                    Convolution.ForwardSamples(new ReadOnlySpan<T>(xs, g.InputLength), new ReadOnlySpan<T>(ws, g.WeightLength),
                        new ReadOnlySpan<T>(bs, biasLength), g, new Span<T>(ys, g.OutputLength), WorkerColumns(own, extra, columnsLength, w), first, end);
                });
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    public static void BackwardInput<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, Conv2dGeometry g,
        Span<T> dx, Span<T> columns, int workers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int columnsLength = g.ColumnsLength;
        T[] scratch = ArrayPool<T>.Shared.Rent((workers - 1) * columnsLength);
        try
        {
            fixed (T* pdy = dy, pw = weight, pdx = dx, pc = columns, ps = scratch)
            {
                T* dys = pdy, ws = pw, dxs = pdx, own = pc, extra = ps;
                CpuParallel.Run(workers, w =>
                {
                    var (first, end) = CpuParallel.Range(g.Batch, workers, w);
                    Convolution.BackwardInputSamples(new ReadOnlySpan<T>(dys, g.OutputLength), new ReadOnlySpan<T>(ws, g.WeightLength), g,
                        new Span<T>(dxs, g.InputLength), WorkerColumns(own, extra, columnsLength, w), first, end);
                });
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    /// <summary>Worker w sums its samples' weight gradients into dw (w = 0) or its own partial buffer; the partial sums are
    /// then added into dw in worker order, so the result does not depend on which worker finishes first.</summary>
    public static void BackwardWeight<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Conv2dGeometry g,
        Span<T> dw, Span<T> columns, int workers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int columnsLength = g.ColumnsLength, weightLength = g.WeightLength;
        T[] scratch = ArrayPool<T>.Shared.Rent((workers - 1) * (columnsLength + weightLength));
        try
        {
            fixed (T* px = x, pdy = dy, pdw = dw, pc = columns, ps = scratch)
            {
                T* xs = px, dys = pdy, dws = pdw, own = pc, extraColumns = ps, partials = ps + (workers - 1) * columnsLength;
                CpuParallel.Run(workers, w =>
                {
                    var (first, end) = CpuParallel.Range(g.Batch, workers, w);
                    T* sum = w == 0 ? dws : partials + (w - 1) * weightLength;
                    Convolution.BackwardWeightSamples(new ReadOnlySpan<T>(xs, g.InputLength), new ReadOnlySpan<T>(dys, g.OutputLength), g,
                        new Span<T>(sum, weightLength), WorkerColumns(own, extraColumns, columnsLength, w), first, end);
                });
            }

            for (int w = 1; w < workers; w++)
            {
                var partial = scratch.AsSpan((workers - 1) * columnsLength + (w - 1) * weightLength, weightLength);
                TensorPrimitives.Add(dw, partial, dw);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    /// <summary>Worker <paramref name="worker"/>'s im2col columns: the caller's for worker 0, else its slice of the scratch.</summary>
    private static Span<T> WorkerColumns<T>(T* own, T* extra, int columnsLength, int worker)
        where T : unmanaged
        => new(worker == 0 ? own : extra + (worker - 1) * columnsLength, columnsLength);
}
