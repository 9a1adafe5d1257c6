namespace GraphGen.Generator.Graph.Scalar
{
    /// <summary>
    /// One statement of a fused elementwise loop body: declares <see cref="Target"/> with <see cref="Value"/>, or
    /// adds <see cref="Value"/> to it (<see cref="Accumulate"/>). <see cref="Comment"/> says which node of Forward
    /// the value is (null: none).
    /// </summary>
    internal sealed record ScalarStatement(string Target, ScalarExpr Value, bool Accumulate, string? Comment);
}
