using GraphGen;
using GraphGen.Nn;
using GraphGen.Optim;
using static GettingStarted.Repl;

namespace GettingStarted;

/// <summary>The lecture's second half, second part: the five losses, three optimizers, and the training loop.</summary>
internal static class LossesAndOptimizers
{
    public static void Run()
    {
        Section("Loss functions");
        var prediction = Tensor.From(new[] { 0.2f, 0.7f, 0.9f }).RequiresGrad_();
        Show("new MSELoss().Call(prediction, Tensor.From(new float[] { 0, 1, 1 }))", new MSELoss().Call(prediction, Tensor.From(new float[] { 0, 1, 1 })));
        Show("new BCELoss().Call(prediction, Tensor.From(new float[] { 0, 1, 1 }))", new BCELoss().Call(prediction, Tensor.From(new float[] { 0, 1, 1 })));
        var logits = Tensor.From(new[,] { { 1.5f, -0.5f, 0.2f }, { 0.1f, 2.0f, -1.0f } }).RequiresGrad_();
        Show("new BCEWithLogitsLoss().Call(logits, Tensor.From(new float[,] { { 1, 0, 0 }, { 0, 1, 0 } }))",
            new BCEWithLogitsLoss().Call(logits, Tensor.From(new float[,] { { 1, 0, 0 }, { 0, 1, 0 } })));
        var classes = Tensor.From(new long[] { 0, 1 });
        Show("new CrossEntropyLoss().Call(logits, classes)   // classes = Tensor.From(new long[] { 0, 1 })", new CrossEntropyLoss().Call(logits, classes));
        Show("new NLLLoss().Call(logits.LogSoftmax(1), classes)", new NLLLoss().Call(logits.LogSoftmax(1), classes));

        Section("Optimizers");
        var x = Tensor.From(new float[,] { { 1, 2 }, { 2, 1 }, { 0, 1 }, { 1, 0 } });
        var y = Tensor.From(new float[,] { { 1 }, { 0 }, { 1 }, { 0 } });
        var optimizers = new (string Label, Func<IEnumerable<Tensor>, Optimizer> Create)[]
        {
            ("new SGD(model.Parameters(), lr: 0.1, momentum: 0.9)", ps => new SGD(ps, lr: 0.1, momentum: 0.9)),
            ("new RMSprop(model.Parameters(), lr: 0.01)", ps => new RMSprop(ps, lr: 0.01)),
            ("new Adagrad(model.Parameters(), lr: 0.1)", ps => new Adagrad(ps, lr: 0.1)),
        };
        foreach (var (label, create) in optimizers)
        {
            var model = new Linear(2, 1);
            model.LoadStateDict(FixedWeights.For(model));
            var optimizer = create(model.Parameters());
            for (int step = 0; step < 3; step++)
            {
                var loss = new MSELoss().Call(model.Call(x), y);
                loss.Backward();
                optimizer.Step();
                optimizer.ZeroGrad();
            }

            Show($"{label}; three steps; model.Weight.Detach()", model.Weight.Detach());
        }

        Section("The training loop");
        var net = new OurModule(numInputs: 2, numClasses: 3, dropoutProb: 0); // no dropout: its random masks are not PyTorch's
        net.LoadStateDict(FixedWeights.For(net));
        var dataX = Tensor.From(new float[,] { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0.5f, 2 }, { 2, 0.5f }, { 1.5f, 1.5f }, { 0, 2 }, { 2, 0 } });
        var dataY = OneHot([0, 1, 2, 0, 1, 2, 0, 1], classes: 3);
        var lossFunction = new MSELoss();
        var sgd = new SGD(net.Parameters(), lr: 0.5);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            for (int start = 0; start < dataX.Size(0); start += 4)
            {
                var batchX = dataX.Narrow(0, start, 4);
                var batchY = dataY.Narrow(0, start, 4);
                var output = net.Call(batchX);
                var loss = lossFunction.Call(output, batchY);
                loss.Backward();
                sgd.Step();
                sgd.ZeroGrad();
                Show($"epoch {epoch}, batch {start / 4}: loss_t", loss);
            }
        }
    }

    /// <summary>Rows of the identity matrix (lecture.py's <c>torch.eye(3)[labels]</c>).</summary>
    private static Tensor OneHot(int[] labels, int classes)
    {
        var rows = new float[labels.Length, classes];
        for (int i = 0; i < labels.Length; i++) rows[i, labels[i]] = 1;
        return Tensor.From(rows);
    }
}
