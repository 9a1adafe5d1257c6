using GraphGen.Generator.Model;

namespace GraphGen.Generator.Graph.Scalar
{
    /// <summary>
    /// A float expression evaluated per element: what an elementwise op's forward value and derivatives are,
    /// independent of any backend. Immutable and compared by value (records); written with ordinary C#
    /// operators (<c>g * y * (1 - y)</c>, <c>Where(x &gt; 0, g, 0)</c>) and rendered to code by one renderer per
    /// backend (GraphGen.Generator.Emit.ScalarRenderer), each with its own math table.
    /// </summary>
    internal abstract record ScalarExpr
    {
        public static implicit operator ScalarExpr(double value) => new ScalarConstant(value);

        public static ScalarExpr operator +(ScalarExpr a, ScalarExpr b) => new ScalarArithmetic(ScalarOperator.Add, a, b);

        public static ScalarExpr operator -(ScalarExpr a, ScalarExpr b) => new ScalarArithmetic(ScalarOperator.Subtract, a, b);

        public static ScalarExpr operator *(ScalarExpr a, ScalarExpr b) => new ScalarArithmetic(ScalarOperator.Multiply, a, b);

        public static ScalarExpr operator /(ScalarExpr a, ScalarExpr b) => new ScalarArithmetic(ScalarOperator.Divide, a, b);

        public static ScalarExpr operator -(ScalarExpr a) => new ScalarNegate(a);

        public static ScalarCondition operator >(ScalarExpr a, ScalarExpr b) => new(ScalarComparison.GreaterThan, a, b);

        public static ScalarCondition operator <(ScalarExpr a, ScalarExpr b) => new(ScalarComparison.LessThan, a, b);

        public static ScalarCondition operator >=(ScalarExpr a, ScalarExpr b) => new(ScalarComparison.GreaterThanOrEqual, a, b);

        public static ScalarCondition operator <=(ScalarExpr a, ScalarExpr b) => new(ScalarComparison.LessThanOrEqual, a, b);

        /// <summary>A local of the generated loop (an input read, a node's value, a gradient).</summary>
        public static ScalarExpr Variable(string name) => new ScalarVariable(name);

        /// <summary>A float the kernel takes as a parameter (a layer's slope read at run time), by its kernel-wide name.</summary>
        public static ScalarExpr Parameter(string name) => new ScalarParameter(name);

        /// <summary>The element at the current index of one of the kernel's buffers (x0, y, dy).</summary>
        public static ScalarExpr Load(string buffer) => new ScalarLoad(buffer);

        /// <summary><paramref name="whenTrue"/> where the condition holds, else <paramref name="whenFalse"/>: a branch-free select.</summary>
        public static ScalarExpr Where(ScalarCondition condition, ScalarExpr whenTrue, ScalarExpr whenFalse) => new ScalarSelect(condition, whenTrue, whenFalse);

        public static ScalarExpr Exp(ScalarExpr x) => Call(MathFunction.Exp, x);

        public static ScalarExpr Log(ScalarExpr x) => Call(MathFunction.Log, x);

        public static ScalarExpr Tanh(ScalarExpr x) => Call(MathFunction.Tanh, x);

        public static ScalarExpr Sqrt(ScalarExpr x) => Call(MathFunction.Sqrt, x);

        public static ScalarExpr Abs(ScalarExpr x) => Call(MathFunction.Abs, x);

        public static ScalarExpr Sign(ScalarExpr x) => Call(MathFunction.Sign, x);

        public static ScalarExpr Max(ScalarExpr a, ScalarExpr b) => Call(MathFunction.Max, a, b);

        public static ScalarExpr Min(ScalarExpr a, ScalarExpr b) => Call(MathFunction.Min, a, b);

        public static ScalarExpr Call(MathFunction function, params ScalarExpr[] arguments) => new ScalarCall(function, new EquatableArray<ScalarExpr>(arguments));
    }

    /// <summary>A number, written as a float literal.</summary>
    internal sealed record ScalarConstant(double Value) : ScalarExpr;

    internal sealed record ScalarVariable(string Name) : ScalarExpr;

    internal sealed record ScalarParameter(string Name) : ScalarExpr;

    internal sealed record ScalarLoad(string Buffer) : ScalarExpr;

    internal sealed record ScalarNegate(ScalarExpr Operand) : ScalarExpr;

    internal sealed record ScalarArithmetic(ScalarOperator Operator, ScalarExpr Left, ScalarExpr Right) : ScalarExpr;

    internal sealed record ScalarSelect(ScalarCondition Condition, ScalarExpr WhenTrue, ScalarExpr WhenFalse) : ScalarExpr;

    internal sealed record ScalarCall(MathFunction Function, EquatableArray<ScalarExpr> Arguments) : ScalarExpr;

    /// <summary><c>Left Comparison Right</c>, the test of a <see cref="ScalarSelect"/>.</summary>
    internal sealed record ScalarCondition(ScalarComparison Comparison, ScalarExpr Left, ScalarExpr Right);

    internal enum ScalarOperator
    {
        Add,
        Subtract,
        Multiply,
        Divide,
    }

    internal enum ScalarComparison
    {
        GreaterThan,
        GreaterThanOrEqual,
        LessThan,
        LessThanOrEqual,
    }
}
