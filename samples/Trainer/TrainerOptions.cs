namespace GraphGen.Trainer;

/// <summary>What the trainer was asked to do: the parsed command line, with defaults filled in.</summary>
public sealed record TrainerOptions
{
    /// <summary>Passes over the training set. 10 epochs of the embedded 12k subset take 15-25 s on this 2-core machine.</summary>
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 64;

    /// <summary>The learning rate given with <c>--lr</c>, or null for the optimizer's default (<see cref="LearningRate"/>).</summary>
    public double? Lr { get; init; }

    /// <summary>
    /// The classifier (<c>--model</c>). The MLP stays the default: on the embedded subset the CNN passes the MLP's final
    /// accuracy after its first epoch, but its 10 epochs take minutes where the MLP's take seconds (README, "The two commands").
    /// </summary>
    public ModelKind Model { get; init; } = ModelKind.Mlp;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Cosine annealing settles the test accuracy at the end; a constant rate leaves it jumping by 1-2%.</summary>
    public LrSchedule Schedule { get; init; } = LrSchedule.Cosine;

    /// <summary>A directory holding Fashion-MNIST's four IDX files (<c>--data</c>), or null.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Use the full data set from Debian's <c>dataset-fashion-mnist</c> package (<c>--full</c>).</summary>
    public bool Full { get; init; }

    /// <summary>The parent of the run directories (<c>tensorboard --logdir runs</c> shows them all).</summary>
    public string LogDir { get; init; } = "runs";

    public long Seed { get; init; } = 42;

    /// <summary>Worker threads the CPU kernels may use (<c>--threads</c>), or null for one per processor.</summary>
    public int? Threads { get; init; }

    /// <summary>Where the checkpoint and the plot go, or null for the run's log directory.</summary>
    public string? OutDir { get; init; }

    /// <summary>A checkpoint to continue from (<c>--resume</c>), or null for a fresh run.</summary>
    public string? Resume { get; init; }

    /// <summary><c>--help</c> was given: print the usage and do nothing else.</summary>
    public bool ShowHelp { get; init; }

    /// <summary><c>--version</c> was given: print the version and do nothing else.</summary>
    public bool ShowVersion { get; init; }

    /// <summary>
    /// The learning rate used: <c>--lr</c>, else a default that trains this model well with the chosen optimizer
    /// (PyTorch's RMSprop default of 1e-2 diverges on it, so adaptive methods get 1e-3).
    /// </summary>
    public double LearningRate => Lr ?? Optimizer switch
    {
        OptimizerKind.Sgd => 0.1,
        OptimizerKind.Adagrad => 0.01,
        _ => 1e-3,
    };
}
