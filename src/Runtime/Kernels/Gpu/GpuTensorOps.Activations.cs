namespace GraphGen.Kernels.Gpu;

internal static partial class GpuTensorOps
{
    /// <summary>GELU (exact or tanh-approximated) on the device: one kernel forward, one backward from the saved input.</summary>
    public static Tensor Gelu(Tensor x, bool tanh)
    {
        RequireFloating(x, "Gelu");
        var y = tanh ? Unary<GeluTanhOp>(x, "Gelu") : Unary<GeluOp>(x, "Gelu");
        var input = x.Detach();
        return Autograd.Record("GeluBackward0", y, g => [tanh ? UnaryBackward<GeluTanhGradOp>(input, g, 0f) : UnaryBackward<GeluGradOp>(input, g, 0f)], x).Saving(x);
    }

    /// <summary>ELU on the device: x for x &gt; 0, alpha·(eˣ − 1) otherwise; the backward reads the saved input.</summary>
    public static Tensor Elu(Tensor x, double alpha)
    {
        RequireFloating(x, "Elu");
        float a = (float)alpha;
        var y = x.DType == DType.Float64 ? UnaryAs<double, EluOp>(x, alpha) : Unary<EluOp>(x, "Elu", a);
        var input = x.Detach();
        return Autograd.Record("EluBackward0", y, g => [UnaryBackward<EluGradOp>(input, g, a, alpha)], x).Saving(x);
    }

    /// <summary>Leaky ReLU on the device: one kernel forward, one backward from the saved input (instead of a chain of mask ops).</summary>
    public static Tensor LeakyRelu(Tensor x, double negativeSlope)
    {
        RequireFloating(x, "LeakyRelu");
        float slope = (float)negativeSlope;
        var y = x.DType == DType.Float64 ? UnaryAs<double, LeakyReluOp>(x, negativeSlope) : Unary<LeakyReluOp>(x, "LeakyRelu", slope);
        var input = x.Detach();
        return Autograd.Record("LeakyReluBackward0", y, g => [UnaryBackward<LeakyReluGradOp>(input, g, slope, negativeSlope)], x).Saving(x);
    }

    /// <summary>dx = op(x, g) elementwise, x and g of one shape (made dense first when strided).</summary>
    private static Tensor UnaryBackward<TOp>(Tensor x, Tensor g, float parameter, double? parameter64 = null) where TOp : struct, IUnaryGradOp<float>, IUnaryGradOp<double>
    {
        if (x.DType == DType.Float64) return UnaryBackwardAs<double, TOp>(x, AsFloat64(g), parameter64 ?? parameter);
        RequireFloat32(g, "backward");
        return UnaryBackwardAs<float, TOp>(x, g, parameter);
    }
}
