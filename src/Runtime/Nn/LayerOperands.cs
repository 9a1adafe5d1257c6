namespace GraphGen.Nn;

/// <summary>
/// The checks every eager layer op (convolution, pooling, normalisation, embedding) makes of its tensors before a
/// kernel runs: all on the input's device (the op then runs on that device's kernels, never a silent copy), floating
/// point, and all of one dtype.
/// </summary>
internal static class LayerOperands
{
    /// <summary>Checks the non-null tensors of <paramref name="operands"/>; the first is the input and sets the dtype.</summary>
    public static void Check(string op, params ReadOnlySpan<(string Name, Tensor? Tensor)> operands)
    {
        var (inputName, input) = operands[0];
        var dtype = input!.DType;
        foreach (var (name, t) in operands)
        {
            if (t is null) continue;
            if (t.Device != input.Device)
                throw new InvalidOperationException($"{op}: expected all tensors to be on the same device, but {inputName} is on {input.Device} and {name} on {t.Device}.");
            if (!t.DType.IsFloating())
                throw new ArgumentException($"{op}: expected a floating point {name} (float32 or float64) but got dtype {t.DType.TorchName()}.", name);
            if (t.DType != dtype)
                throw new ArgumentException($"{op}: expected {name} to have the input's dtype {dtype.TorchName()} but got {t.DType.TorchName()}.", name);
        }
    }

    /// <summary>A tensor's contiguous elements as a span of T (a copy only when it is not contiguous).</summary>
    public static ReadOnlySpan<T> Data<T>(Tensor t) where T : unmanaged => t.Detach().Contiguous().Span<T>();

    /// <summary>An empty span for an absent optional tensor.</summary>
    public static ReadOnlySpan<T> DataOrEmpty<T>(Tensor? t) where T : unmanaged => t is null ? default : Data<T>(t);

    /// <summary>A fresh contiguous CPU tensor of <paramref name="shape"/> over <paramref name="data"/>.</summary>
    public static Tensor Wrap<T>(T[] data, int[] shape) where T : unmanaged => Tensor.Wrap(data, (int[])shape.Clone());
}
