namespace GraphGen.Tests;

/// <summary>Autograd behaves as PyTorch's: flags, accumulation, retained grads, no-grad scopes, errors, in-place rules.</summary>
public class AutogradSemanticsTests
{
    [Fact]
    public void SeedExampleGradientOfSumOfProduct()
    {
        var v1 = Tensor.From([1f, 1f]).RequiresGrad_();
        var v2 = Tensor.From([2f, 2f]);
        var vSum = v1 + v2;
        var vRes = (vSum * 2).Sum();
        vRes.Backward();
        Assert.Equal([2f, 2f], v1.Grad!.ToArray<float>());
        Assert.Null(v2.Grad);
        Assert.Null(vSum.Grad);
        Assert.Equal("SumBackward0", vRes.GradFn!.Name);
        Assert.Equal("MulBackward0", vRes.GradFn.NextFunctions.Single()!.Name);
    }

    [Fact]
    public void LeafAndResultFlags()
    {
        var x = Tensor.Ones(2, 2);
        Assert.True(x.IsLeaf);
        Assert.False(x.RequiresGrad);
        Assert.Null(x.GradFn);

        var constant = x * 3.0;
        Assert.True(constant.IsLeaf);
        Assert.False(constant.RequiresGrad);

        x.RequiresGrad_();
        Assert.True(x.IsLeaf);
        var y = x * 3.0;
        Assert.False(y.IsLeaf);
        Assert.True(y.RequiresGrad);
        Assert.Equal("MulBackward0", y.GradFn!.Name);
        Assert.Equal("ViewBackward0", x.View(4).GradFn!.Name);
        Assert.Equal("AddBackward0", (x + 1.0).GradFn!.Name);
        Assert.Equal("MmBackward0", x.MatMul(x).GradFn!.Name);
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardCalls()
    {
        var x = Tensor.From([1.0, 2.0, 3.0]).RequiresGrad_();
        (x * x).Sum().Backward();
        Assert.Equal([2.0, 4.0, 6.0], x.Grad!.ToArray<double>());
        (x * 10.0).Sum().Backward();
        Assert.Equal([12.0, 14.0, 16.0], x.Grad!.ToArray<double>());
        x.Grad = null;
        x.Sum().Backward();
        Assert.Equal([1.0, 1.0, 1.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void GradsOfDifferentLeavesNeverAlias()
    {
        // AddBackward hands the same tensor to both inputs; each leaf must still own its Grad.
        var a = Tensor.From([1.0, 2.0]).RequiresGrad_();
        var b = Tensor.From([3.0, 4.0]).RequiresGrad_();
        (a + b).Sum().Backward();
        (a * 5.0).Sum().Backward();
        Assert.Equal([6.0, 6.0], a.Grad!.ToArray<double>());
        Assert.Equal([1.0, 1.0], b.Grad!.ToArray<double>());

        var upstream = Tensor.From([1.0, 1.0]);
        var c = Tensor.From([0.0, 0.0]).RequiresGrad_();
        c.Backward(upstream);       // a leaf root: its Grad is a copy, not the caller's tensor
        c.Backward(upstream);
        Assert.Equal([1.0, 1.0], upstream.ToArray<double>());
        Assert.Equal([2.0, 2.0], c.Grad!.ToArray<double>());
    }

    [Fact]
    public void RetainGradKeepsAnIntermediatesGradient()
    {
        var x = Tensor.From([1.0, 2.0]).RequiresGrad_();
        var y = x * 3.0;
        var z = x * 4.0;
        y.RetainGrad();
        (y * y + z).Sum().Backward();
        Assert.Equal([6.0, 12.0], y.Grad!.ToArray<double>());
        Assert.Null(z.Grad);
        Assert.Equal([22.0, 40.0], x.Grad!.ToArray<double>());

        x.RetainGrad();                            // a leaf: no-op, as in PyTorch
        var e = Assert.Throws<InvalidOperationException>(() => Tensor.Ones(2).RetainGrad());
        Assert.Contains("can't retain_grad on Tensor that has requires_grad=False", e.Message);
    }

    [Fact]
    public void NoGradScopesNestAndResultsDoNotRequireGrad()
    {
        var x = Tensor.Ones(3).RequiresGrad_();
        Assert.True(Autograd.IsGradEnabled);
        using (Autograd.NoGrad())
        {
            var inner = Autograd.NoGrad();
            var y = x * 2.0;
            Assert.False(y.RequiresGrad);
            Assert.Null(y.GradFn);
            inner.Dispose();
            inner.Dispose();                       // disposing twice must not re-enable grad early
            Assert.False(Autograd.IsGradEnabled);
            Assert.False((x.Exp() + x).RequiresGrad);
        }
        Assert.True(Autograd.IsGradEnabled);
        Assert.True((x * 2.0).RequiresGrad);
    }

    [Fact]
    public void NoGradAllowsInPlaceUpdatesOfParameters()
    {
        var w = Tensor.From([1.0, 2.0]).RequiresGrad_();
        (w * w).Sum().Backward();
        using (Autograd.NoGrad()) w.Sub_(w.Grad! * 0.1);
        Assert.Equal([0.8, 1.6], w.ToArray<double>(), new ToleranceComparer(1e-15));
        Assert.True(w.IsLeaf);
        Assert.True(w.RequiresGrad);
    }

    [Fact]
    public void DetachSharesDataButLeavesTheGraph()
    {
        var x = Tensor.From([1.0, 2.0]).RequiresGrad_();
        var y = x * 2.0;
        var d = y.Detach();
        Assert.True(d.IsLeaf);
        Assert.False(d.RequiresGrad);
        Assert.Null(d.GradFn);
        d.Fill_(7);                                // shares storage with y, as PyTorch's detach()
        Assert.Equal([7.0, 7.0], y.ToArray<double>());
        Assert.True(y.RequiresGrad);
    }

    [Fact]
    public void BackwardOnANonScalarWithoutGradientThrows()
    {
        var y = Tensor.Ones(2, 3).RequiresGrad_() * 2.0;
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("grad can be implicitly created only for scalar outputs", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void BackwardWithAGradientOfTheWrongShapeThrows()
    {
        var y = Tensor.Ones(2, 3).RequiresGrad_() * 2.0;
        var e = Assert.Throws<ArgumentException>(() => y.Backward(Tensor.Ones(3, 2)));
        Assert.Contains("[3, 2]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void BackwardOnATensorThatDoesNotRequireGradThrows()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Tensor.Ones(1).Sum().Backward());
        Assert.Contains("element 0 of tensors does not require grad and does not have a grad_fn", e.Message);
    }

    [Fact]
    public void SecondBackwardThroughAFreedGraphThrowsUnlessRetained()
    {
        var x = Tensor.From([1.0, 2.0]).RequiresGrad_();
        var loss = (x * x).Sum();
        loss.Backward();
        var e = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("Trying to backward through the graph a second time", e.Message);
        Assert.Contains("retainGraph: true", e.Message);

        var y = Tensor.From([1.0, 2.0]).RequiresGrad_();
        var loss2 = (y * y).Sum();
        loss2.Backward(retainGraph: true);
        loss2.Backward();
        Assert.Equal([4.0, 8.0], y.Grad!.ToArray<double>());
    }

    [Fact]
    public void InPlaceOnALeafThatRequiresGradThrows()
    {
        var w = Tensor.Ones(2).RequiresGrad_();
        var e = Assert.Throws<InvalidOperationException>(() => w.Add_(1.0));
        Assert.Contains("a leaf Variable that requires grad is being used in an in-place operation", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => w[0].Mul_(2.0));
        Assert.Contains("a view of a leaf Variable that requires grad is being used in an in-place operation", e.Message);
        Assert.Equal([1f, 1f], w.ToArray<float>());
    }

    [Fact]
    public void SettingRequiresGradOnANonLeafThrows()
    {
        var y = Tensor.Ones(2).RequiresGrad_() * 2.0;
        var e = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.Contains("you can only change requires_grad flags of leaf variables", e.Message);
        Assert.Contains("detach()", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = true);
        Assert.Contains("you can only change requires_grad flags of leaf variables", e.Message);
        Assert.Same(y, y.RequiresGrad_());                       // requires_grad_() on a non-leaf is a no-op
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad_(false));
        var ints = Assert.Throws<InvalidOperationException>(() => Tensor.Arange(3).RequiresGrad_());
        Assert.Contains("only Tensors of floating point dtype can require gradients", ints.Message);
    }

    [Fact]
    public void FunctionalFormReturnsANewTensorAndLeavesTheOriginal()
    {
        var a = Tensor.From([1f, 2f, 3f]);
        var b = a.Add(Tensor.From([10f, 10f, 10f]));
        Assert.NotSame(a, b);
        Assert.Equal([1f, 2f, 3f], a.ToArray<float>());
        Assert.Equal([11f, 12f, 13f], b.ToArray<float>());

        var zeros = Tensor.ZerosLike(a);
        Assert.Equal([1f, 2f, 3f], a.ToArray<float>());
        Assert.Equal([0f, 0f, 0f], zeros.ToArray<float>());
        var doubled = a * 2.0;
        Assert.Equal([1f, 2f, 3f], a.ToArray<float>());
        Assert.Equal([2f, 4f, 6f], doubled.ToArray<float>());
    }

    [Fact]
    public void UnderscoreFormChangesTheTensorAndReturnsIt()
    {
        var a = Tensor.From([1f, 2f, 3f]);
        var view = a.Narrow(0, 1, 2);
        Assert.Same(a, a.Add_(Tensor.From([10f, 10f, 10f])));
        Assert.Equal([11f, 12f, 13f], a.ToArray<float>());
        Assert.Equal([12f, 13f], view.ToArray<float>());          // views see in-place changes
        Assert.Same(a, a.Mul_(2.0).Sub_(1.0).Div_(3.0));
        Assert.Equal([7f, 23f / 3f, 25f / 3f], a.ToArray<float>());
        Assert.Same(a, a.Zero_());
        Assert.Equal([0f, 0f, 0f], a.ToArray<float>());
        Assert.Same(a, a.Fill_(4));
        Assert.Equal([4f, 4f, 4f], a.ToArray<float>());
        view.Zero_();
        Assert.Equal([4f, 0f, 0f], a.ToArray<float>());
    }

    [Fact]
    public void InPlaceOnANonLeafRebasesItsHistory()
    {
        var x = Tensor.From([1.0, 2.0]).RequiresGrad_();
        var y = x * 3.0;
        y.Add_(1.0);
        Assert.Equal("AddBackward0", y.GradFn!.Name);
        (y * y).Sum().Backward();
        Assert.Equal([24.0, 42.0], x.Grad!.ToArray<double>());    // d/dx (3x+1)^2 = 6(3x+1)
    }

    [Fact]
    public void ChangingASavedTensorInPlaceIsReportedAtBackward()
    {
        var x = Tensor.From([1.0, 2.0]).RequiresGrad_();
        var y = x.Exp();                                   // ExpBackward reads its output
        y.Add_(1.0);
        var e = Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
        Assert.Contains("one of the variables needed for gradient computation has been modified by an inplace operation", e.Message);
        Assert.Contains("ExpBackward0", e.Message);

        var w = Tensor.From([3.0, 4.0]).RequiresGrad_();
        var a = x * 2.0;
        var z = a * w;                                     // MulBackward reads a for w's gradient
        a.Mul_(3.0);
        e = Assert.Throws<InvalidOperationException>(() => z.Sum().Backward());
        Assert.Contains("MulBackward0", e.Message);
        Assert.Contains("[2]", e.Message);
    }

    [Fact]
    public void InPlaceWithItselfAsOperand()
    {
        var x = Tensor.From([1.0, 2.0]).RequiresGrad_();
        var y = x * 1.0;
        y.Mul_(y);
        y.Sum().Backward();
        Assert.Equal([2.0, 4.0], x.Grad!.ToArray<double>());
        var plain = Tensor.From([1f, 2f, 3f]);
        plain.Add_(plain).Mul_(plain);
        Assert.Equal([4f, 16f, 36f], plain.ToArray<float>());
        var m = Tensor.Arange(0, 4, dtype: DType.Float32).View(2, 2);
        m.Add_(m.T);                                       // overlapping, differently ordered operand
        Assert.Equal([0f, 3f, 3f, 6f], m.ToArray<float>());
    }

    [Fact]
    public void FillOfANonLeafCutsTheGradientToItsOldValue()
    {
        var x = Tensor.From([1.0, 2.0]).RequiresGrad_();
        var y = x * 3.0;
        y.Fill_(5);
        Assert.True(y.RequiresGrad);
        Assert.Equal("FillBackward0", y.GradFn!.Name);
        (y * x).Sum().Backward();
        Assert.Equal([5.0, 5.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void InPlaceOnAViewRebasesTheBase()
    {
        var x = Tensor.From([1.0, 2.0, 3.0]).RequiresGrad_();
        var y = x * 1.0;
        y.Narrow(0, 1, 1).Mul_(10.0);
        Assert.Equal([1.0, 20.0, 3.0], y.ToArray<double>());
        Assert.Equal("CopySlices", y.GradFn!.Name);
        y.Sum().Backward();
        Assert.Equal([1.0, 10.0, 1.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void InPlaceWithAnOperandThatRequiresGradMakesAConstantTensorPartOfTheGraph()
    {
        var w = Tensor.From([2.0, 3.0]).RequiresGrad_();
        var acc = Tensor.Zeros([2], DType.Float64);
        acc.Add_(w * w);
        Assert.True(acc.RequiresGrad);
        Assert.False(acc.IsLeaf);
        acc.Sum().Backward();
        Assert.Equal([4.0, 6.0], w.Grad!.ToArray<double>());
    }

    [Fact]
    public void CustomFunctionRecordsItsNode()
    {
        var x = Tensor.From([1.0, 2.0]).RequiresGrad_();
        Tensor y;
        using (Autograd.NoGrad()) y = x * 2.0;
        var f = Autograd.Function("TwiceBackward", y, g => [g * 2.0], x);
        Assert.Equal("TwiceBackward", f.GradFn!.Name);
        f.Sum().Backward();
        Assert.Equal([2.0, 2.0], x.Grad!.ToArray<double>());
        Assert.Throws<ArgumentException>(() => Autograd.Function("Bad", x * 2.0, g => [g], x));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
