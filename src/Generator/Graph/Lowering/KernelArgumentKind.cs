namespace GraphGen.Generator.Graph.Lowering
{
    /// <summary>What a kernel call's argument is; each backend has its word for each (<c>Emit/KernelCallRenderer.cs</c>).</summary>
    internal enum KernelArgumentKind
    {
        /// <summary>The values of the node's input <see cref="KernelArgument.Index"/>.</summary>
        Input,

        /// <summary>The kernel's output buffer.</summary>
        Output,

        /// <summary>The gradient of the kernel's output (dy).</summary>
        OutputGradient,

        /// <summary>The gradient buffer of the node's input <see cref="KernelArgument.Index"/>; empty when not needed.</summary>
        InputGradient,

        /// <summary>A buffer the forward fills and the backward reads (<see cref="KernelArgument.Text"/>: Dropout's mask).</summary>
        Saved,

        /// <summary>A parameter of the node's layer (<see cref="KernelArgument.Text"/>: Weight, Bias).</summary>
        Parameter,

        /// <summary>A member of the node's layer that its kernel reads, or a buffer it updates in place (<see cref="KernelArgument.Text"/>: RunningMean, PaddingIdx).</summary>
        LayerMember,

        /// <summary>Where a parameter's gradient goes (<see cref="KernelArgument.Text"/>: Weight, Bias).</summary>
        ParameterGradient,

        /// <summary>A size (<see cref="KernelArgument.Size"/>), an int.</summary>
        Size,

        /// <summary>1 / size as a float (a mean's scale).</summary>
        InverseSize,

        /// <summary>A shape's dims (<see cref="KernelArgument.Shape"/>), a span of ints.</summary>
        Shape,

        /// <summary>A float constant (<see cref="KernelArgument.Number"/>).</summary>
        Float,

        /// <summary>A bool constant (<see cref="KernelArgument.Number"/> is 1 or 0).</summary>
        Bool,

        /// <summary>An enum member: <see cref="KernelArgument.Text"/> the runtime enum's full name, <see cref="KernelArgument.Member"/> the member.</summary>
        Enum,

        /// <summary>A value read at run time that the op declares (<see cref="KernelArgument.Text"/>: Dropout's p).</summary>
        Value,

        /// <summary>The random generator compiled code draws from (RandomGenerator.Default, as the eager ops).</summary>
        Generator,
    }
}
