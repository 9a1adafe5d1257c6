namespace GraphGen.Trainer;

/// <summary>How the learning rate moves over the epochs (<c>--schedule</c>).</summary>
public enum LrSchedule
{
    /// <summary>Cosine annealing from the learning rate to 0 over the run (PyTorch's CosineAnnealingLR, stepped per epoch).</summary>
    Cosine,

    /// <summary>The same learning rate throughout.</summary>
    Constant,
}
