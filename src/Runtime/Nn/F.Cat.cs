namespace GraphGen.Nn;

public static partial class F
{
    /// <summary>Joins tensors along <paramref name="dim"/>: <see cref="Tensor.Cat"/> (PyTorch's <c>torch.cat</c>).</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0) => Tensor.Cat(tensors, dim);
}
