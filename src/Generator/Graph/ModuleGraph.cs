using GraphGen.Generator.Model;

namespace GraphGen.Generator.Graph
{
    internal enum SymbolSourceKind
    {
        /// <summary><c>B</c>: the first dimension of the first input.</summary>
        BatchOf,

        /// <summary>An input's features per row (its element count over B).</summary>
        FeaturesOf,

        /// <summary>An int property of a layer object (<c>pipe.0</c>'s <c>InFeatures</c>).</summary>
        LayerProperty,

        /// <summary>A View's -1 that only run time can compute: <see cref="SymbolSource.Numerator"/> / <see cref="SymbolSource.Denominator"/>, checked to divide.</summary>
        Quotient,
    }

    /// <summary>Where the value of a dimension symbol comes from at run time (a quotient: from the symbols before it).</summary>
    internal sealed record SymbolSource(string Symbol, SymbolSourceKind Kind, string Subject, string Member, SymDim? Numerator = null, SymDim? Denominator = null);

    /// <summary>A layer object the compiled code reads, its runtime type and the C# expression that reaches it from <c>this</c>.</summary>
    internal sealed record LayerRef(string Path, string TypeName, string Access);

    /// <summary>A piece of a check's message: literal text, or a dimension printed with its runtime value.</summary>
    internal sealed record MessagePart(string Text, SymDim? Dim);

    /// <summary>
    /// A shape condition only run time can decide (a symbol against a constant or another symbol):
    /// <c>Left == Right</c>, else throw with the diagnostic's message. Checks without B run when the
    /// module is first used (right after construction), the others on every call.
    /// </summary>
    internal sealed record RuntimeCheck(string DiagnosticId, SymDim Left, SymDim Right, EquatableArray<MessagePart> Message);

    /// <summary>
    /// An input of Forward, whether kernels may treat any rank as rows of features (only reshaped), and whether it holds
    /// integer indices (only Embeddings read it: the compiled Call takes it as Int64 or Int32, and it has no gradient).
    /// </summary>
    internal sealed record GraphInput(int NodeId, string Name, bool AnyRank, bool Indices = false);

    /// <summary>
    /// The compiled form of Forward: nodes in topological order with inferred shapes, the inputs and the
    /// returned node, where each symbol's value comes from, the runtime checks, and the layers read.
    /// </summary>
    /// <remarks>
    /// <see cref="Unbatchable"/>: a one-input graph whose every op treats dim 0 as the batch, so an unbatched
    /// input (PyTorch accepts [features] for a Linear) can run as a batch of one.
    /// <see cref="FlattensLeadingDims"/>: also every op computes the same when the batch is several leading dims
    /// (PyTorch's [*, features]), so they can run flattened into one batch and be restored on the output.
    /// </remarks>
    internal sealed record ModuleGraph(
        EquatableArray<GraphNode> Nodes,
        EquatableArray<GraphInput> Inputs,
        int Output,
        EquatableArray<SymbolSource> Symbols,
        EquatableArray<RuntimeCheck> Checks,
        EquatableArray<LayerRef> Layers,
        bool Unbatchable,
        bool FlattensLeadingDims);
}
