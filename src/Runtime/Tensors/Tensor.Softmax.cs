namespace GraphGen;

public sealed partial class Tensor
{
    /// <summary>exp(x) / sum(exp(x)) along <paramref name="dim"/>, computed as exp(x - max) so inputs near ±1000 stay finite.</summary>
    public Tensor Softmax(int dim)
    {
        var y = SoftmaxCore(dim, log: false, "Softmax");
        int d = Shape.NormalizeDim(dim, Rank, "Softmax");
        return Autograd.Record("SoftmaxBackward0", y, g => [y * (g - (g * y).Sum(d, keepDim: true))], this).Saving(y);
    }

    /// <summary>log(softmax(x)) along <paramref name="dim"/>, as x - max - log(sum(exp(x - max))).</summary>
    public Tensor LogSoftmax(int dim)
    {
        var y = SoftmaxCore(dim, log: true, "LogSoftmax");
        int d = Shape.NormalizeDim(dim, Rank, "LogSoftmax");
        return Autograd.Record("LogSoftmaxBackward0", y, g => [g - y.Exp() * g.Sum(d, keepDim: true)], this).Saving(y);
    }

    private Tensor SoftmaxCore(int dim, bool log, string op)
    {
        int d = Shape.NormalizeDim(dim, Rank, op);
        using var _ = Autograd.NoGrad();
        var x = (DType.IsFloating() ? this : To(DType.Float32)).Contiguous();
        // The tensor as [outer, n, inner] around the softmax dim (a scalar is one row of one).
        int outer = 1, inner = 1, n = Rank == 0 ? 1 : ShapeArray[d];
        for (int i = 0; i < d; i++) outer *= ShapeArray[i];
        for (int i = d + 1; i < Rank; i++) inner *= ShapeArray[i];
        if (x.Storage is GpuStorage) return Kernels.Gpu.GpuTensorOps.Softmax(x, outer, n, inner, log);
        var y = new Tensor(CpuStorage.Allocate(x.DType, x.NumEl, clear: false), (int[])x.ShapeArray.Clone());
        if (x.DType == DType.Float32) Kernels.Cpu.SoftmaxKernels.Forward(x.Span<float>(), y.Span<float>(), outer, n, inner, log);
        else Kernels.Cpu.SoftmaxKernels.Forward(x.Span<double>(), y.Span<double>(), outer, n, inner, log);
        return y;
    }
}
