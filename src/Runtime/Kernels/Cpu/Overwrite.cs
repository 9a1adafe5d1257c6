using System.Buffers;
using System.Numerics.Tensors;

namespace GraphGen.Kernels.Cpu;

/// <summary>
/// Lets a kernel that overwrites its output add onto it instead: when <c>accumulate</c>, <see cref="Span"/> is a pooled
/// scratch buffer that <see cref="Dispose"/> adds onto the target; otherwise it is the target itself.
/// </summary>
internal ref struct Overwrite
{
    private readonly Span<float> _target;
    private float[]? _scratch;

    public Overwrite(Span<float> target, bool accumulate)
    {
        _target = target;
        _scratch = accumulate && !target.IsEmpty ? ArrayPool<float>.Shared.Rent(target.Length) : null;
        Span = _scratch is null ? target : _scratch.AsSpan(0, target.Length);
    }

    /// <summary>Where the kernel writes.</summary>
    public Span<float> Span { get; }

    public void Dispose()
    {
        if (_scratch is null) return;
        TensorPrimitives.Add(_target, Span, _target);
        ArrayPool<float>.Shared.Return(_scratch);
        _scratch = null;
    }
}
