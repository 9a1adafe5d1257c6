using System.Diagnostics;
using GraphGen.Data;
using GraphGen.Monitoring;
using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Trainer;

/// <summary>
/// The seed's training loop — forward, loss, backward, step, zero_grad over shuffled mini-batches — with what a
/// user watches: the loss of every step, train and test accuracy and loss per epoch, the learning rate, and
/// per-parameter weight and gradient statistics, written to TensorBoard and reported to the progress display.
/// </summary>
public sealed class TrainingLoop(FashionClassifier net, Optimizer optimizer, SummaryWriter writer, TrainerOptions options)
{
    private readonly CrossEntropyLoss _lossFn = new();

    /// <summary>Trains for <see cref="TrainerOptions.Epochs"/> epochs and returns the curves.</summary>
    public TrainingHistory Run(FashionMnist train, FashionMnist test, ITrainingProgress progress)
    {
        var loader = new DataLoader(train.ToDataset(), options.BatchSize, shuffle: true, dropLast: false, seed: options.Seed);
        var history = new TrainingHistory(loader.Count);
        LrScheduler? scheduler = options.Schedule == LrSchedule.Cosine ? new CosineAnnealingLR(optimizer, tMax: options.Epochs) : null;
        long step = 0;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            progress.EpochStarted(epoch, options.Epochs, loader.Count);
            double lr = optimizer.ParamGroups[0].Lr;
            var clock = Stopwatch.StartNew();
            net.Train();
            double lossSum = 0;
            long correct = 0, seen = 0;
            int batch = 0;
            foreach (var tensors in loader)
            {
                var (images, labels) = (tensors[0], tensors[1]);
                var logits = net.Call(images);
                var loss = _lossFn.Call(logits, labels);
                loss.Backward();
                optimizer.Step();
                batch++;
                step++;
                // Gradients are looked at before ZeroGrad drops them: once per epoch, on its last batch.
                if (batch == loader.Count) writer.AddParameterStats(net.NamedParameters(), step);
                optimizer.ZeroGrad();

                double lossValue = loss.Item<float>();
                lossSum += lossValue;
                correct += CountCorrect(logits, labels);
                seen += labels.Size(0);
                history.AddStep(lossValue);
                writer.AddLoss(lossValue, step);
                progress.BatchCompleted(batch, lossValue, seen / clock.Elapsed.TotalSeconds);
            }
            double trainSeconds = clock.Elapsed.TotalSeconds;
            var (testLoss, testAccuracy) = Evaluate(test);
            var summary = new EpochSummary(epoch, options.Epochs, lr, lossSum / batch, correct / (double)seen, testLoss, testAccuracy,
                clock.Elapsed.TotalSeconds, seen / trainSeconds);
            history.AddEpoch(summary);
            writer.AddMetrics("train", new Dictionary<string, double> { ["loss"] = summary.TrainLoss, ["accuracy"] = summary.TrainAccuracy }, step);
            writer.AddMetrics("test", new Dictionary<string, double> { ["loss"] = testLoss, ["accuracy"] = testAccuracy }, step);
            writer.AddScalars("accuracy", new Dictionary<string, double> { ["train"] = summary.TrainAccuracy, ["test"] = testAccuracy }, step);
            writer.AddLearningRate(lr, step);
            writer.AddScalar("throughput/samples_per_second", summary.SamplesPerSecond, step);
            progress.EpochCompleted(summary);
            scheduler?.Step();
        }
        return history;
    }

    /// <summary>Mean loss and accuracy over a whole split, in evaluation mode without recording gradients.</summary>
    public (double Loss, double Accuracy) Evaluate(FashionMnist data)
    {
        net.Eval();
        try
        {
            using var _ = Autograd.NoGrad();
            var logits = net.Call(data.Images);
            double loss = _lossFn.Call(logits, data.Labels).Item<float>();
            return (loss, CountCorrect(logits, data.Labels) / (double)data.Count);
        }
        finally
        {
            net.Train();
        }
    }

    private static long CountCorrect(Tensor logits, Tensor labels)
    {
        using var _ = Autograd.NoGrad();
        return logits.ArgMax(1).Eq(labels).Sum().Item<long>();
    }
}
