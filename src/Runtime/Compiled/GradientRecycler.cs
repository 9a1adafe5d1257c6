namespace GraphGen.Compiled;

/// <summary>
/// Reuses the parameter gradients that nobody outside the runtime ever saw, so a steady training loop with
/// PyTorch 2's <c>zero_grad(set_to_none=True)</c> allocates no gradients (neither arrays nor tensors) every step.
/// </summary>
/// <remarks>
/// <para>Why: a gradient of more than ~21K floats is a large-object-heap array, and allocating one per
/// parameter per step costs far more than the step's math on small models (each allocation clears it, and
/// the large-object heap's budget triggers a full collection every few steps: ~200 µs per step on the
/// 784-128-10 model, measured). libtorch avoids the same cost with its caching allocator.</para>
/// <para>Why it is safe: PyTorch's semantics are kept exactly. A gradient is recyclable only from its
/// creation by the compiled backward (<see cref="GradientTarget"/>) until anyone reads it through the
/// public <see cref="Tensor.Grad"/> getter, the only way user code can reach it (the runtime's own readers,
/// which never keep it, use <see cref="Tensor.GradUnobserved"/>). When such a never-seen gradient is
/// replaced or cleared, no tensor, view or caller can refer to it any more, so it is kept, tensor and array,
/// as the parameter's <see cref="Tensor.SpareGradient"/> for its next gradient. A gradient that was read is
/// left alone: a caller holding it keeps its values, as in PyTorch.</para>
/// </remarks>
internal static class GradientRecycler
{
    /// <summary>
    /// A float32 CPU gradient for <paramref name="parameter"/>, marked recyclable: its spare when it has one, else a new
    /// one. Its elements are undefined when it is the spare: the caller must overwrite every one (beta 0).
    /// </summary>
    public static Tensor NewGradient(Tensor parameter)
    {
        var gradient = parameter.SpareGradient is { } spare && spare.ShapeArray.AsSpan().SequenceEqual(parameter.ShapeArray)
            ? spare
            : Tensor.Wrap(new float[parameter.NumEl], parameter.Shape.ToArray());
        parameter.SpareGradient = null;
        gradient.IsRecyclableGradient = true;
        gradient.IsZeroPending = false;
        return gradient;
    }

    /// <summary>Called by the <see cref="Tensor.Grad"/> setter when <paramref name="old"/>, a never-seen gradient, is replaced or cleared.</summary>
    public static void Reclaim(Tensor parameter, Tensor old)
    {
        old.IsRecyclableGradient = false;
        if (old.Storage is CpuStorage { Data: float[] data } && old.Offset == 0 && data.Length == old.NumEl && old.IsContiguous)
            parameter.SpareGradient = old;
    }
}
