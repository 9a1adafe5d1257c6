namespace GraphGen.Generator.Graph.Lowering
{
    /// <summary>
    /// A buffer an op's forward fills and its backward reads: Dropout's mask (the output's size), BatchNorm's per-channel
    /// mean and 1/std (<see cref="Size"/> = the channels). <see cref="Size"/> null means the size of the kernel's output.
    /// </summary>
    internal sealed record SavedBuffer(string Name, SymDim? Size = null);
}
