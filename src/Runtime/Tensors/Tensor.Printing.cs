namespace GraphGen;

public sealed partial class Tensor
{
    /// <summary>
    /// What PyTorch's <c>repr(tensor)</c> prints under its default print options, e.g.
    /// <c>tensor([1., 1.], requires_grad=True)</c> or <c>tensor(12., grad_fn=&lt;SumBackward0&gt;)</c>.
    /// </summary>
    public override string ToString() => TensorFormatter.Format(this);
}
