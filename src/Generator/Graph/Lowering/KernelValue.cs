namespace GraphGen.Generator.Graph.Lowering
{
    /// <summary>
    /// A value an op's kernel reads at run time besides buffers (Dropout's p and training flag): its C# type, its
    /// name, and the expression that gives it, where <c>{layer}</c> stands for the node's layer object and
    /// <c>{self}</c> for the module. A call refers to it with <see cref="KernelArgument.Value"/>.
    /// </summary>
    internal sealed record KernelValue(string Type, string Name, string Expression);
}
