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

        /// <summary>A size of an input that is not [B, features] (<see cref="SymbolSource.Member"/>: the dimension's index): an image's H.</summary>
        DimOf,

        /// <summary>
        /// A spatial size after convolutions and pools: ⌊(<see cref="SymbolSource.Numerator"/> + <see cref="SymbolSource.Offset"/>) /
        /// <see cref="SymbolSource.Denominator"/>⌋, the composition of their output-size formulas (<c>(H-4)/2</c>).
        /// </summary>
        Spatial,

        /// <summary>
        /// A ceil-mode pool's output size, which does not compose: PyTorch's formula applied to <see cref="SymbolSource.Numerator"/> with
        /// <see cref="SymbolSource.Window"/> = [kernel, stride, padding, dilation].
        /// </summary>
        CeilPool,
    }

    /// <summary>Where the value of a dimension symbol comes from at run time (a quotient or a spatial size: from the symbols before it).</summary>
    internal sealed record SymbolSource(string Symbol, SymbolSourceKind Kind, string Subject, string Member, SymDim? Numerator = null, SymDim? Denominator = null,
        long Offset = 0, EquatableArray<long> Window = default);

    /// <summary>A layer object the compiled code reads, its runtime type and the C# expression that reaches it from <c>this</c>.</summary>
    internal sealed record LayerRef(string Path, string TypeName, string Access);

    /// <summary>A piece of a check's message: literal text, or a dimension printed with its runtime value.</summary>
    internal sealed record MessagePart(string Text, SymDim? Dim);

    /// <summary>
    /// A shape condition only run time can decide (a symbol against a constant or another symbol):
    /// <c>Left == Right</c> (<c>Left &gt;= Right</c> when <see cref="AtLeast"/>: a spatial size that must hold a kernel), else
    /// throw with the diagnostic's message. Checks without B run when the module is first used (right after construction),
    /// the others on every call.
    /// </summary>
    internal sealed record RuntimeCheck(string DiagnosticId, SymDim Left, SymDim Right, EquatableArray<MessagePart> Message, bool AtLeast = false);

    /// <summary>
    /// An input of Forward and whether kernels may treat any rank as rows of features (only reshaped). A
    /// <see cref="Declared"/> input has its per-sample shape from <c>[Shape(..)]</c>; one that is neither declared nor
    /// [B, features] (an image read first by a Conv2d) is checked for its rank and constant sizes at each call. An
    /// <see cref="Indices"/> input holds integer ids (only Embeddings read it: the compiled Call takes it as Int64 or
    /// Int32, and it has no gradient).
    /// </summary>
    internal sealed record GraphInput(int NodeId, string Name, bool AnyRank, bool Declared = false, bool Indices = false);

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
