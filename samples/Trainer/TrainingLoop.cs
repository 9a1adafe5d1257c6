using System.Diagnostics;
using GraphGen.Data;
using GraphGen.Monitoring;
using GraphGen.Nn;
using GraphGen.Optim;

namespace GraphGen.Trainer;

/// <summary>
/// The training loop — forward, loss, backward, step, zero_grad over shuffled mini-batches — with what a user
/// watches: the loss of every step, train and test accuracy and loss per epoch, the learning rate, and
/// per-parameter weight and gradient statistics, written to TensorBoard and reported to the progress display.
/// It runs from wherever a <see cref="TrainingState"/> is (a fresh run, or a checkpoint mid-epoch) and stops
/// between batches when cancelled.
/// </summary>
public sealed class TrainingLoop(Module net, Optimizer optimizer, LrScheduler? scheduler, SummaryWriter writer, TrainerOptions options)
{
    /// <summary>
    /// A step loss this many times the run's first one counts as diverged, like a NaN. Healthy runs stay below
    /// their first loss (about ln 10 = 2.3 here); SGD at --lr 9 reaches 2,500 by its third step, then its ReLUs die
    /// and it sits at chance with a finite loss, so waiting for NaN would never stop it.
    /// </summary>
    public const double DivergenceFactor = 100;

    private readonly CrossEntropyLoss _lossFn = new();

    /// <summary>
    /// Trains until <see cref="TrainerOptions.Epochs"/> epochs are done, calling <paramref name="epochEnded"/> after
    /// each (with <paramref name="state"/> already at the next epoch's start). Returns false when
    /// <paramref name="cancellation"/> stopped it: the batch in progress is finished and <paramref name="state"/> is
    /// where the next batch would start. Throws <see cref="TrainingDivergedException"/> on a NaN, infinite or
    /// exploding loss, before that batch changes the weights.
    /// </summary>
    /// <param name="shuffle">The generator the loader draws each epoch's permutation from.</param>
    public bool Run(FashionMnist train, FashionMnist test, TrainingState state, RandomGenerator shuffle, ITrainingProgress progress,
        Action<EpochSummary> epochEnded, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(epochEnded);
        var loader = new DataLoader(train.ToDataset(), options.BatchSize, shuffle: true, dropLast: false, generator: shuffle);
        while (state.EpochsDone < options.Epochs)
        {
            if (cancellation.IsCancellationRequested) return false;
            int epoch = state.EpochsDone + 1;
            progress.EpochStarted(epoch, options.Epochs, loader.Count);
            double lr = optimizer.ParamGroups[0].Lr;
            // The permutation is drawn when the loader starts, so a resumed epoch draws the one it was trained with.
            shuffle.SetState(state.ShuffleAtEpochStart);
            var clock = Stopwatch.StartNew();
            long seenHere = 0;
            net.Train();
            int batch = 0;
            foreach (var tensors in loader)
            {
                if (++batch <= state.BatchesDone) continue; // trained before the checkpoint this run resumed from
                if (cancellation.IsCancellationRequested)
                {
                    state.EpochSecondsBefore += clock.Elapsed.TotalSeconds;
                    return false;
                }
                var (images, labels) = (tensors[0], tensors[1]);
                var logits = net.Call(images);
                var loss = _lossFn.Call(logits, labels);
                double lossValue = loss.Item<float>();
                double firstLoss = state.History.StepLosses.Count > 0 ? state.History.StepLosses[0] : lossValue;
                if (!double.IsFinite(lossValue) || lossValue > DivergenceFactor * firstLoss)
                    throw new TrainingDivergedException(epoch, batch, state.GlobalStep + 1, lr, lossValue, firstLoss);
                loss.Backward();
                optimizer.Step();
                state.BatchesDone = batch;
                state.GlobalStep++;
                // Gradients are looked at before ZeroGrad drops them: once per epoch, on its last batch.
                if (batch == loader.Count) writer.AddParameterStats(net.NamedParameters(), state.GlobalStep);
                optimizer.ZeroGrad();

                state.EpochLossSum += lossValue;
                state.EpochCorrect += CountCorrect(logits, labels);
                state.EpochSeen += labels.Size(0);
                seenHere += labels.Size(0);
                state.History.AddStep(lossValue);
                writer.AddLoss(lossValue, state.GlobalStep);
                progress.BatchCompleted(batch, lossValue, seenHere / clock.Elapsed.TotalSeconds);
            }
            double trainSeconds = state.EpochSecondsBefore + clock.Elapsed.TotalSeconds;
            var (testLoss, testAccuracy) = Evaluate(test);
            var summary = new EpochSummary(epoch, options.Epochs, lr, state.EpochLossSum / loader.Count, state.EpochCorrect / (double)state.EpochSeen,
                testLoss, testAccuracy, state.EpochSecondsBefore + clock.Elapsed.TotalSeconds, state.EpochSeen / trainSeconds);
            state.History.AddEpoch(summary);
            long step = state.GlobalStep;
            writer.AddMetrics("train", new Dictionary<string, double> { ["loss"] = summary.TrainLoss, ["accuracy"] = summary.TrainAccuracy }, step);
            writer.AddMetrics("test", new Dictionary<string, double> { ["loss"] = testLoss, ["accuracy"] = testAccuracy }, step);
            writer.AddScalars("accuracy", new Dictionary<string, double> { ["train"] = summary.TrainAccuracy, ["test"] = testAccuracy }, step);
            writer.AddLearningRate(lr, step);
            writer.AddScalar("throughput/samples_per_second", summary.SamplesPerSecond, step);
            progress.EpochCompleted(summary);
            scheduler?.Step();
            state.StartNextEpoch(shuffle.GetState());
            epochEnded(summary);
        }
        return true;
    }

    /// <summary>
    /// Images per forward pass when evaluating: a whole split at once would hold the CNN's activations for every
    /// image (about 0.5 MB each, 5 GB for the full test set).
    /// </summary>
    public const int EvaluationChunk = 1000;

    /// <summary>Mean loss and accuracy over a whole split, in evaluation mode without recording gradients.</summary>
    public (double Loss, double Accuracy) Evaluate(FashionMnist data)
    {
        net.Eval();
        try
        {
            using var _ = Autograd.NoGrad();
            double lossSum = 0;
            long correct = 0;
            for (int start = 0; start < data.Count; start += EvaluationChunk)
            {
                int length = Math.Min(EvaluationChunk, data.Count - start);
                var labels = data.Labels.Narrow(0, start, length);
                var logits = net.Call(data.Images.Narrow(0, start, length));
                lossSum += _lossFn.Call(logits, labels).Item<float>() * (double)length;
                correct += CountCorrect(logits, labels);
            }
            return (lossSum / data.Count, correct / (double)data.Count);
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
