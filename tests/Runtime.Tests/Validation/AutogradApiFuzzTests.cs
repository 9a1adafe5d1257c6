using CsCheck;
using static GraphGen.Tests.Validation.TensorApiFuzzTests;

namespace GraphGen.Tests.Validation;

/// <summary>
/// The property of <see cref="TensorApiFuzzTests"/> for data entry and autograd: tensors built from arrays of
/// the wrong length, multi-dim reductions with repeated or wild dims, explicit gradients of any shape, in-place
/// ops on leaves that require grad and on expanded views.
/// </summary>
public class AutogradApiFuzzTests
{
    private static readonly Gen<ApiCall> DataCalls =
        from length in Gen.Int[0, 8]
        from shape in ArgShape
        from dtype in AnyDtype
        from op in Gen.OneOf("FromSpan", "Wrap", "FromWithDtype")
        select Call($"{op}(data of {length}, [{string.Join(", ", shape)}], {dtype})", () => op switch
        {
            "FromSpan" => Tensor.From<float>(new float[length], shape),
            "Wrap" => Tensor.Wrap(new double[length], shape),
            _ => Tensor.From(new float[length], dtype),
        }, r =>
        {
            if (op != "FromWithDtype") Assert.Equal(length, ((Tensor)r!).NumEl);
        });

    private static readonly Gen<ApiCall> MultiDimCalls =
        from t in AnyTensor
        from dims in IntArg.Array[0, 3]
        from keepDim in Gen.Bool
        from op in Gen.OneOf("Sum", "Mean", "MaxKeep", "Squeeze", "Clone")
        select Call($"{t}.{op}([{string.Join(", ", dims)}], keepDim {keepDim})", () => op switch
        {
            "Sum" => t.Build().Sum(dims, keepDim),
            "Mean" => t.Build().Mean(dims, keepDim),
            "MaxKeep" => t.Build().Max(dims.Length > 0 ? dims[0] : 0, keepDim).Values,
            "Squeeze" => t.Build().Squeeze(),
            _ => t.Build().Clone(),
        }, r =>
        {
            if (op == "Sum" && keepDim) Assert.Equal(t.Shape.Length, ((Tensor)r!).Rank);
        });

    private static readonly Gen<ApiCall> GradientCalls =
        from t in AnyTensor
        from g in AnyTensor
        from retain in Gen.Bool
        from op in Gen.OneOf("BackwardWithGradient", "BackwardTwice", "InPlaceOnLeaf", "InPlaceOnExpanded", "RequiresGrad", "RetainGrad")
        select Call($"{t}: {op}(gradient {g}, retainGraph {retain})", () =>
        {
            var x = t.Build();
            switch (op)
            {
                case "BackwardWithGradient":
                    var y = x.RequiresGrad_() * 2.0;
                    y.Backward(g.Build(), retain);
                    return x.Grad;
                case "BackwardTwice":
                    var z = (x.RequiresGrad_() * 2.0).Sum();
                    z.Backward(retainGraph: retain);
                    z.Backward();
                    return x.Grad;
                case "InPlaceOnLeaf":
                    return x.RequiresGrad_().Add_(g.Build());
                case "InPlaceOnExpanded":
                    return x.Unsqueeze(0).Expand([2, .. x.Shape]).Add_(1.0);
                case "RequiresGrad":
                    return x.RequiresGrad_();
                default:
                    x.RetainGrad();
                    return x;
            }
        });

    [Fact]
    public void TensorsFromArraysOfAnyLengthOrADocumentedError() => DataCalls.Sample(Check, iter: 1000);

    [Fact]
    public void MultiDimReductionsGiveAResultOrADocumentedError() => MultiDimCalls.Sample(Check, iter: 1000);

    [Fact]
    public void AutogradMisuseGivesADocumentedError() => GradientCalls.Sample(Check, iter: 1000);
}
