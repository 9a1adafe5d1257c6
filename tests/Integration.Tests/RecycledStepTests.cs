using GraphGen.Integration.Modules;
using GraphGen.Integration.Support;
using GraphGen.Nn;

namespace GraphGen.Integration;

/// <summary>
/// What reusing a training call's output, node and loss means for a caller: the same values and gradients as
/// fresh tensors; the output (and the loss on it) handed out again once the last step's backward ran; a graph kept
/// with retainGraph keeping its own output, and a second backward through it still refused.
/// </summary>
public class RecycledStepTests
{
    private const int Batch = 8;

    [Fact]
    public void TheRecycledCrossEntropyAndMseMatchTheGeneralPathOnAFreshCopy()
    {
        Tensor.ManualSeed(31);
        var net = new OracleMlp2(6, 5, 4);
        var x = Tensor.Randn([Batch, 6]);
        var classes = Tensor.From(new long[] { 0, 3, 1, 2, 2, 0, 3, 1 });
        var targets = Tensor.Randn([Batch, 4]);
        for (int step = 0; step < 3; step++) // the first step makes the loss's buffers, the next ones reuse them
            foreach (bool crossEntropy in new[] { true, false })
            {
                var output = net.Call(x);
                var fresh = output.Detach().Clone().RequiresGrad_();
                Tensor Loss(Tensor o) => crossEntropy ? F.CrossEntropy(o, classes) : F.MseLoss(o, targets);
                var loss = Loss(output);
                var reference = Loss(fresh);
                output.RetainGrad();
                loss.Backward();
                reference.Backward();
                Assert.Equal(reference.Item<float>(), loss.Item<float>());
                Assert.Equal(fresh.Grad!.ToArray<float>(), output.Grad!.ToArray<float>());
                net.ZeroGrad();
            }
    }

    [Fact]
    public void AfterItsBackwardTheOutputAndLossAreHandedOutAgainByTheNextTrainingCall()
    {
        Tensor.ManualSeed(32);
        var net = new OracleMlp2(6, 5, 4);
        var classes = Tensor.From(new long[] { 0, 3, 1, 2, 2, 0, 3, 1 });
        var first = net.Call(Tensor.Randn([Batch, 6]));
        var firstLoss = F.CrossEntropy(first, classes);
        firstLoss.Backward();
        var kept = first.Detach().Clone();

        var second = net.Call(Tensor.Randn([Batch, 6]));
        var secondLoss = F.CrossEntropy(second, classes);
        Assert.Same(first, second);
        Assert.Same(firstLoss, secondLoss);
        Assert.NotEqual(kept.ToArray<float>(), second.ToArray<float>());
        Assert.Equal("OracleMlp2Backward", second.GradFn?.Name); // recorded again
        secondLoss.Backward();
    }

    [Fact]
    public void BeforeItsBackwardTheOutputIsNotReused()
    {
        Tensor.ManualSeed(33);
        var net = new OracleMlp2(6, 5, 4);
        var x = Tensor.Randn([Batch, 6]);
        var a = net.Call(x);
        var b = net.Call(x);
        Assert.NotSame(a, b);
        var la = F.MseLoss(a, Tensor.Zeros(Batch, 4));
        var lb = F.MseLoss(a, Tensor.Zeros(Batch, 4)); // the first loss's graph is unconsumed: a second one is new
        Assert.NotSame(la, lb);
        (la + lb + b.Sum()).Backward();
        Compare.AssertClose(Tensor.Scalar(la.Item<float>()), Tensor.Scalar(lb.Item<float>()), "two losses of one output");
    }

    [Fact]
    public void AGraphKeptWithRetainGraphKeepsItsOutputAndASecondBackwardIsStillRefused()
    {
        Tensor.ManualSeed(34);
        var net = new OracleMlp2(6, 5, 4);
        var x = Tensor.Randn([Batch, 6]);
        var output = net.Call(x);
        var loss = output.Sum();
        loss.Backward(retainGraph: true);
        var values = output.ToArray<float>();

        var next = net.Call(x * 2);
        Assert.NotSame(output, next);
        Assert.Equal(values, output.ToArray<float>());
        var error = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("OracleMlp2: the compiled backward already ran for this call", error.Message);
        next.Sum().Backward();
    }
}
