using System.Numerics;
using System.Runtime.InteropServices;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// The one-pass loops batch norm runs over each [H·W] plane of a channel: SIMD over the plane (<see cref="Vector{T}"/>
/// where the type has one, else scalar), one read of each input per pass, no temporaries.
/// </summary>
internal static class ChannelPlaneMath
{
    /// <summary>Σ(x − shift) and Σ(x − shift)² over <paramref name="plane"/>. Shifting by a value near the mean keeps the
    /// variance E[(x−K)²] − E[x−K]² from cancelling when the mean is large against the spread.</summary>
    public static (double Sum, double Squares) ShiftedSums<T>(ReadOnlySpan<T> plane, T shift)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T sum = T.Zero, squares = T.Zero;
        if (Vector<T>.IsSupported && plane.Length >= Vector<T>.Count)
        {
            var values = MemoryMarshal.Cast<T, Vector<T>>(plane);
            Vector<T> k = new(shift), s = Vector<T>.Zero, q = Vector<T>.Zero;
            foreach (var v in values)
            {
                var d = v - k;
                s += d;
                q += d * d;
            }
            sum = Vector.Sum(s);
            squares = Vector.Sum(q);
            i = values.Length * Vector<T>.Count;
        }
        for (; i < plane.Length; i++)
        {
            T d = plane[i] - shift;
            sum += d;
            squares += d * d;
        }
        return (double.CreateTruncating(sum), double.CreateTruncating(squares));
    }

    /// <summary>
    /// Σ g and Σ g·(x − mean) over one plane, g = dy (or, with a fused ReLU's output <paramref name="relu"/>, dy where it
    /// is positive): what batch norm's backward needs of the plane, in one pass.
    /// </summary>
    public static (T SumDy, T SumDyDeviation) GradientSums<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, T mean, ReadOnlySpan<T> relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T sumDy = T.Zero, sumDyDev = T.Zero;
        bool masked = !relu.IsEmpty;
        if (Vector<T>.IsSupported && dy.Length >= Vector<T>.Count)
        {
            var gs = MemoryMarshal.Cast<T, Vector<T>>(dy);
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x[..dy.Length]);
            var rs = masked ? MemoryMarshal.Cast<T, Vector<T>>(relu[..dy.Length]) : default;
            Vector<T> m = new(mean), s = Vector<T>.Zero, p = Vector<T>.Zero;
            for (int v = 0; v < gs.Length; v++)
            {
                var g = masked ? Vector.ConditionalSelect(Vector.GreaterThan(rs[v], Vector<T>.Zero), gs[v], Vector<T>.Zero) : gs[v];
                s += g;
                p += g * (xs[v] - m);
            }
            sumDy = Vector.Sum(s);
            sumDyDev = Vector.Sum(p);
            i = gs.Length * Vector<T>.Count;
        }
        for (; i < dy.Length; i++)
        {
            T g = masked && !(relu[i] > T.Zero) ? T.Zero : dy[i];
            sumDy += g;
            sumDyDev += g * (x[i] - mean);
        }
        return (sumDy, sumDyDev);
    }

    /// <summary>y = x·scale + shift, or max(that, 0) with <paramref name="relu"/> (a ReLU fused after batch norm).</summary>
    public static void Affine<T>(ReadOnlySpan<T> x, T scale, T shift, Span<T> y, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector<T>.IsSupported && y.Length >= Vector<T>.Count)
        {
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x[..y.Length]);
            var ys = MemoryMarshal.Cast<T, Vector<T>>(y);
            Vector<T> a = new(scale), b = new(shift);
            if (relu)
                for (int v = 0; v < ys.Length; v++) ys[v] = Vector.Max(xs[v] * a + b, Vector<T>.Zero);
            else
                for (int v = 0; v < ys.Length; v++) ys[v] = xs[v] * a + b;
            i = ys.Length * Vector<T>.Count;
        }
        for (; i < y.Length; i++)
        {
            T v = x[i] * scale + shift;
            y[i] = relu ? T.Max(v, T.Zero) : v;
        }
    }

    /// <summary>
    /// o = g·k + x·kx + constant, g = dy (or dy where a fused ReLU's output <paramref name="relu"/> is positive): batch
    /// norm's input gradient with its per-channel constants folded.
    /// </summary>
    public static void Combine<T>(ReadOnlySpan<T> dy, T k, ReadOnlySpan<T> x, T kx, T constant, ReadOnlySpan<T> relu, Span<T> o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        bool masked = !relu.IsEmpty;
        if (Vector<T>.IsSupported && o.Length >= Vector<T>.Count)
        {
            var gs = MemoryMarshal.Cast<T, Vector<T>>(dy[..o.Length]);
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x[..o.Length]);
            var rs = masked ? MemoryMarshal.Cast<T, Vector<T>>(relu[..o.Length]) : default;
            var os = MemoryMarshal.Cast<T, Vector<T>>(o);
            Vector<T> a = new(k), b = new(kx), c = new(constant);
            for (int v = 0; v < os.Length; v++)
            {
                var g = masked ? Vector.ConditionalSelect(Vector.GreaterThan(rs[v], Vector<T>.Zero), gs[v], Vector<T>.Zero) : gs[v];
                os[v] = g * a + xs[v] * b + c;
            }
            i = os.Length * Vector<T>.Count;
        }
        for (; i < o.Length; i++)
        {
            T g = masked && !(relu[i] > T.Zero) ? T.Zero : dy[i];
            o[i] = g * k + x[i] * kx + constant;
        }
    }
}
