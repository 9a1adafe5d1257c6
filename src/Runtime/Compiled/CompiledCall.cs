using System.ComponentModel;

namespace GraphGen.Compiled;

/// <summary>
/// What every generated <c>Call</c> needs around its kernels: input validation with messages that name the
/// module and the expected shape, the check that the float32 CPU kernels apply, and moving results and
/// gradients in and out of planned buffers.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CompiledCall
{
    /// <summary>True for a float32 tensor on the CPU (or null, for an absent bias): the compiled kernels apply.</summary>
    public static bool IsFloat32Cpu(Tensor? t) => t is null || (t.DType == DType.Float32 && t.Device.Type == DeviceType.Cpu);

    /// <summary>Whether an index input (an Embedding's) is Int64 or Int32 on the CPU, as the compiled kernels read it.</summary>
    public static bool IsIndicesCpu(Tensor t) => t.DType is DType.Int64 or DType.Int32 && t.Device.Type == DeviceType.Cpu;

    /// <summary>Throws with GG0122's <paramref name="message"/> and the tensor's dtype and shape unless an index input holds integers.</summary>
    public static void CheckIndices(Tensor t, string message)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.DType is not (DType.Int64 or DType.Int32)) throw new ArgumentException($"{message}a {t.DType} tensor of shape {t.Shape}");
    }

    /// <summary>An index input as the kernels read it: contiguous Int64 (Int32 converted).</summary>
    public static Tensor Indices(Tensor t) => t.To(DType.Int64).Contiguous();

    /// <summary>
    /// The batch size B of Forward's first input: its first dimension. Inputs are [B, features]; with
    /// <paramref name="anyRank"/> (an input only reshaped) any rank of at least 1 is accepted.
    /// </summary>
    public static int Rows(Tensor input, string name, string module, string expected, bool anyRank)
    {
        ArgumentNullException.ThrowIfNull(input, name);
        if (anyRank ? input.Rank < 1 : input.Rank != 2)
            throw new ArgumentException(
                $"{module}.Call: input '{name}' must have shape {expected}{(anyRank ? " (any rank of at least 1)" : "")}, but it has shape {input.Shape}.", name);
        return input.Size(0);
    }

    /// <summary>
    /// The batch size B of an input with a per-sample shape ([B, 1, 28, 28]): its first dimension, after checking its rank and
    /// its sizes in <paramref name="sample"/> (−1 for a size the compiled code reads and checks itself). An input after the
    /// first also has its batch checked against the first's <paramref name="rows"/>.
    /// </summary>
    public static int Batch(Tensor input, string name, string module, string expected, ReadOnlySpan<int> sample, int rows = -1)
    {
        ArgumentNullException.ThrowIfNull(input, name);
        bool matches = input.Rank == sample.Length + 1;
        for (int d = 0; matches && d < sample.Length; d++) matches = sample[d] < 0 || input.Size(d + 1) == sample[d];
        if (!matches)
            throw new ArgumentException($"{module}.Call: input '{name}' must have shape {expected}, but it has shape {input.Shape}.", name);
        if (rows >= 0 && input.Size(0) != rows)
            throw new ArgumentException($"{module}.Call: input '{name}' has {input.Size(0)} rows (shape {input.Shape}) but the first input has {rows}; all inputs share the batch dimension B.", name);
        return input.Size(0);
    }

    /// <summary>⌊<paramref name="numerator"/> / <paramref name="denominator"/>⌋, rounding toward −∞ (a spatial size that may come out ≤ 0 is then checked).</summary>
    public static int FloorDiv(int numerator, int denominator) => (int)Math.Floor(numerator / (double)denominator);

    /// <summary>The features per row of an input (the product of its dimensions after the first), checking it has the batch size <paramref name="rows"/>.</summary>
    public static int Features(Tensor input, string name, int rows, string module)
    {
        if (input.Size(0) != rows)
            throw new ArgumentException($"{module}.Call: input '{name}' has {input.Size(0)} rows (shape {input.Shape}) but the first input has {rows}; all inputs share the batch dimension B.", name);
        int features = 1; // the trailing dimensions' product, which an empty batch has too
        for (int d = 1; d < input.Rank; d++) features *= input.Size(d);
        return features;
    }

    /// <summary>
    /// A call's output on <paramref name="input"/>'s leading dims flattened into one batch, reshaped to have those dims
    /// again: [A·B, out...] becomes [A, B, out...] for an input [A, B, features], as PyTorch's layers give.
    /// </summary>
    public static Tensor RestoreLeadingDims(Tensor output, Tensor input)
    {
        var shape = new int[input.Rank - 1 + output.Rank - 1];
        for (int d = 0; d < input.Rank - 1; d++) shape[d] = input.Size(d);
        for (int d = 1; d < output.Rank; d++) shape[input.Rank - 2 + d] = output.Size(d);
        return output.Reshape(shape);
    }

    /// <summary>Whether the call must record a backward: gradients are enabled and some input or parameter requires one.</summary>
    public static bool NeedsGradient(ReadOnlySpan<Tensor?> inputs)
    {
        if (!Autograd.IsGradEnabled) return false;
        foreach (var t in inputs)
            if (t is not null && t.RequiresGrad) return true;
        return false;
    }

    /// <summary>A new tensor holding a copy of <paramref name="values"/>: the caller's result never aliases a reused buffer.</summary>
    public static Tensor ToTensor(ReadOnlySpan<float> values, params int[] shape)
    {
        var data = values.ToArray();
        return Tensor.Wrap(data, shape);
    }

    /// <summary>
    /// An input as the kernels read it: the tensor itself when contiguous (no copy, no new tensor), else a contiguous
    /// copy. The kernels read its elements only, never its autograd history.
    /// </summary>
    public static Tensor Contiguous(Tensor input) => input.IsContiguous ? input : input.Detach().Contiguous();

    /// <summary>Copies an incoming gradient (any layout or floating dtype) into a float32 buffer of the same element count.</summary>
    public static void CopyGradient(Tensor gradient, Span<float> destination)
    {
        if (gradient is { DType: DType.Float32, IsContiguous: true, Storage: CpuStorage } && gradient.NumEl == destination.Length)
        {
            gradient.Span<float>().CopyTo(destination); // the common case, with no detached copy
            return;
        }

        Tensor g;
        using (Autograd.NoGrad()) g = (gradient.DType == DType.Float32 ? gradient.Detach() : gradient.Detach().To(DType.Float32)).Contiguous();
        var source = g.AsSpan<float>();
        if (source.Length != destination.Length)
            throw new ArgumentException($"The gradient has {source.Length} elements (shape {gradient.Shape}) but the output it belongs to has {destination.Length}.", nameof(gradient));
        source.CopyTo(destination);
    }

    /// <summary>An input's gradient as a tensor of the input's shape, or null when none was computed.</summary>
    public static Tensor? GradientOf(Tensor input, float[]? gradient) => gradient is null ? null : Tensor.Wrap(gradient, input.Shape.ToArray());
}
