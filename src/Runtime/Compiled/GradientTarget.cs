using System.ComponentModel;

namespace GraphGen.Compiled;

/// <summary>
/// Where a compiled backward writes one parameter's gradient. A leaf parameter's gradient goes straight
/// into its <see cref="Tensor.Grad"/>: accumulated into an existing float32 one (<see cref="Beta"/> = 1, no
/// allocation), or into a new one set as its Grad. Anything else (a non-leaf, a Grad of another dtype)
/// gets a new tensor that autograd accumulates (<see cref="ForAutograd"/>). A gradient zeroed lazily by
/// <c>ZeroGrad(setToNone: false)</c> is overwritten (<see cref="Beta"/> = 0). Create targets in the order
/// the kernels run, so that a parameter used twice accumulates its second contribution. With <see cref="Beta"/> 0 the
/// kernel must overwrite every element: a new leaf gradient may reuse a cleared one's array (<see cref="GradientRecycler"/>).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GradientTarget
{
    private GradientTarget(Tensor? target, float beta, bool forAutograd)
    {
        Target = target;
        Beta = beta;
        ForAutograd = forAutograd ? target : null;
    }

    /// <summary>The tensor the kernel writes, or null when the parameter needs no gradient.</summary>
    public Tensor? Target { get; }

    /// <summary>The GEMM's beta: 1 to add onto what the target holds, 0 to overwrite it.</summary>
    public float Beta { get; }

    /// <summary>The gradient to hand back to autograd for this input (null when written in place or not wanted).</summary>
    public Tensor? ForAutograd { get; }

    public bool IsWanted => Target is not null;

    public Span<float> Span => Target is null ? default : Target.AsSpan<float>();

    public static GradientTarget For(Tensor? parameter)
    {
        if (parameter is null || !parameter.RequiresGrad) return default;
        if (parameter.IsLeaf)
        {
            if (parameter.GradAsIs is { IsZeroPending: true } zeroed && zeroed.Shape.Equals(parameter.Shape))
            {
                // Zeroed lazily by ZeroGrad(setToNone: false) and never seen: adding onto zeros is overwriting.
                zeroed.IsZeroPending = false;
                return new GradientTarget(zeroed, 0f, forAutograd: false);
            }

            if (parameter.GradUnobserved is { } grad && grad.DType == DType.Float32 && grad.IsContiguous && grad.Device.Type == DeviceType.Cpu
                && grad.Shape.Equals(parameter.Shape))
                return new GradientTarget(grad, 1f, forAutograd: false);
            if (parameter.GradUnobserved is null)
            {
                // Possibly the array of the gradient ZeroGrad cleared (never seen by a caller): written with beta 0, so its old values are ignored.
                var fresh = GradientRecycler.NewGradient(parameter);
                parameter.Grad = fresh;
                return new GradientTarget(fresh, 0f, forAutograd: false);
            }
        }

        return new GradientTarget(Tensor.Wrap(new float[parameter.NumEl], parameter.Shape.ToArray()), 0f, forAutograd: true);
    }
}
