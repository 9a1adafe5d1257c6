namespace GraphGen.Generator.Graph.Lowering
{
    /// <summary>
    /// A typed argument of a <see cref="KernelCall"/>: a buffer, a layer parameter or its gradient target, a size, a
    /// shape, a constant, an enum member or a run-time value. <see cref="Label"/>, when set, names the argument in the
    /// rendered call (<c>accumulate: true</c>) so generated code reads like hand-written code.
    /// </summary>
    internal sealed record KernelArgument(KernelArgumentKind Kind, int Index = 0, string Text = "", string Member = "", SymDim? Size = null, SymShape? Shape = null, double Number = 0)
    {
        public string? Label { get; init; }

        public static readonly KernelArgument Output = new(KernelArgumentKind.Output);

        public static readonly KernelArgument OutputGradient = new(KernelArgumentKind.OutputGradient);

        public static readonly KernelArgument Generator = new(KernelArgumentKind.Generator);

        public static KernelArgument Input(int index) => new(KernelArgumentKind.Input, Index: index);

        public static KernelArgument InputGradient(int index) => new(KernelArgumentKind.InputGradient, Index: index);

        public static KernelArgument Saved(string buffer) => new(KernelArgumentKind.Saved, Text: buffer);

        public static KernelArgument Parameter(string parameter) => new(KernelArgumentKind.Parameter, Text: parameter);

        public static KernelArgument LayerMember(string member) => new(KernelArgumentKind.LayerMember, Text: member);

        public static KernelArgument ParameterGradient(string parameter) => new(KernelArgumentKind.ParameterGradient, Text: parameter);

        public static KernelArgument Dim(SymDim size) => new(KernelArgumentKind.Size, Size: size);

        public static KernelArgument InverseDim(SymDim size) => new(KernelArgumentKind.InverseSize, Size: size);

        public static KernelArgument ShapeOf(SymShape shape) => new(KernelArgumentKind.Shape, Shape: shape);

        public static KernelArgument Float(double value) => new(KernelArgumentKind.Float, Number: value);

        public static KernelArgument Bool(bool value) => new(KernelArgumentKind.Bool, Number: value ? 1 : 0);

        /// <summary>A member of a runtime enum, by the enum's full name: <c>EnumMember("GraphGen.Kernels.Cpu.Activation", "Relu")</c>.</summary>
        public static KernelArgument EnumMember(string enumType, string member) => new(KernelArgumentKind.Enum, Text: enumType, Member: member);

        public static KernelArgument Value(string name) => new(KernelArgumentKind.Value, Text: name);

        /// <summary>Whether an input's gradient adds onto another reader's contribution: the <c>accumulate</c> flag.</summary>
        public static KernelArgument Accumulate(bool value) => Bool(value) with { Label = "accumulate" };

        public KernelArgument Named(string label) => this with { Label = label };
    }
}
