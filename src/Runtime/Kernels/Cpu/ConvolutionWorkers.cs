using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// The batch-parallel passes of <see cref="Convolution"/>: the batch is split into contiguous sample ranges, one per
/// worker. Worker 0 uses the caller's im2col columns; the others use columns (and, for the weight gradient, partial
/// sums) rented from the shared array pool, so steady-state training allocates no new arrays. Spans cannot enter a
/// region's state, so the operands are pinned and passed as pointers in an <see cref="Operands{T}"/>, and the bodies are
/// static lambdas: a region allocates no closure.
/// </summary>
internal static unsafe class ConvolutionWorkers
{
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Conv2dGeometry g,
        Span<T> y, Span<T> columns, int workers, Activation activation = Activation.None)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int columnsLength = g.ColumnsLength;
        T[] scratch = ArrayPool<T>.Shared.Rent((workers - 1) * columnsLength);
        try
        {
            fixed (T* px = x, pw = weight, pb = bias, py = y, pc = columns, ps = scratch)
            {
                var operands = new Operands<T> { G = g, Workers = workers, A = px, B = pw, Bias = pb, BiasLength = bias.Length, Out = py, Own = pc, Extra = ps, Activation = activation };
                CpuParallel.Run(workers, operands, static (in Operands<T> o, int w) =>
                {
                    var g = o.G;
                    var (first, end) = CpuParallel.Range(g.Batch, o.Workers, w);
                    Convolution.ForwardSamples(new ReadOnlySpan<T>(o.A, g.InputLength), new ReadOnlySpan<T>(o.B, g.WeightLength),
                        new ReadOnlySpan<T>(o.Bias, o.BiasLength), g, new Span<T>(o.Out, g.OutputLength), o.Columns(w), first, end, o.Activation);
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
                var operands = new Operands<T> { G = g, Workers = workers, A = pdy, B = pw, Out = pdx, Own = pc, Extra = ps };
                CpuParallel.Run(workers, operands, static (in Operands<T> o, int w) =>
                {
                    var g = o.G;
                    var (first, end) = CpuParallel.Range(g.Batch, o.Workers, w);
                    Convolution.BackwardInputSamples(new ReadOnlySpan<T>(o.A, g.OutputLength), new ReadOnlySpan<T>(o.B, g.WeightLength), g,
                        new Span<T>(o.Out, g.InputLength), o.Columns(w), first, end);
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
                var operands = new Operands<T> { G = g, Workers = workers, A = px, B = pdy, Out = pdw, Own = pc, Extra = ps, Partials = ps + (workers - 1) * columnsLength };
                CpuParallel.Run(workers, operands, static (in Operands<T> o, int w) =>
                {
                    var g = o.G;
                    var (first, end) = CpuParallel.Range(g.Batch, o.Workers, w);
                    T* sum = w == 0 ? o.Out : o.Partials + (w - 1) * g.WeightLength;
                    Convolution.BackwardWeightSamples(new ReadOnlySpan<T>(o.A, g.InputLength), new ReadOnlySpan<T>(o.B, g.OutputLength), g,
                        new Span<T>(sum, g.WeightLength), o.Columns(w), first, end);
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

    /// <summary>A batch-parallel pass's pinned operands: A and B the inputs (x/weight, dy/weight or x/dy), Out the output.</summary>
    private struct Operands<T> where T : unmanaged
    {
        public Conv2dGeometry G;
        public int Workers, BiasLength;
        public Activation Activation;
        public T* A, B, Bias, Out, Own, Extra, Partials;

        /// <summary>Worker <paramref name="worker"/>'s im2col columns: the caller's for worker 0, else its slice of the scratch.</summary>
        public readonly Span<T> Columns(int worker) => new(worker == 0 ? Own : Extra + (worker - 1) * G.ColumnsLength, G.ColumnsLength);
    }
}
