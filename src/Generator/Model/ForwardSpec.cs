namespace GraphGen.Generator.Model
{
    internal enum ForwardOpKind
    {
        /// <summary>A tensor parameter of Forward.</summary>
        Input,

        /// <summary><c>field.Call(x)</c> or <c>field.Forward(x)</c> on a layer field.</summary>
        LayerCall,

        /// <summary>A static method of <c>GraphGen.Nn.F</c>: <c>F.Relu(x)</c>.</summary>
        Function,

        /// <summary>An instance method of <c>Tensor</c>: <c>x.Sum()</c>, <c>x.View(-1, 4)</c>.</summary>
        Method,

        /// <summary>A binary operator on tensors (Name is "+", "-", "*" or "/"); a scalar operand is an argument.</summary>
        Binary,

        /// <summary>Unary minus.</summary>
        Negate,
    }

    /// <summary>
    /// One step of Forward in single-assignment form: locals are resolved to the ids of the steps that
    /// produced them. Tensor operands are <see cref="Inputs"/>; other arguments are <see cref="Args"/>.
    /// </summary>
    internal sealed record ForwardOp(
        int Id,
        ForwardOpKind Kind,
        string Name,
        EquatableArray<int> Inputs,
        EquatableArray<ArgSpec> Args,
        string Text,
        LocationInfo? Location);

    /// <summary>Forward's inputs, its steps and the step it returns.</summary>
    internal sealed record ForwardSpec(EquatableArray<string> Inputs, EquatableArray<ForwardOp> Ops, int Result, LocationInfo? Location);
}
