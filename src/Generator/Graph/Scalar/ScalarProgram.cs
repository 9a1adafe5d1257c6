using System.Collections.Generic;

namespace GraphGen.Generator.Graph.Scalar
{
    /// <summary>
    /// A fused chain's loop body as backend-neutral statements, built once by Autodiff.ScalarAdjoint: the
    /// forward values, or the values again and the gradients. <see cref="Result"/> is the local holding the
    /// output (forward); <see cref="Stores"/> the local holding each input's gradient (backward), which the
    /// emitter writes out in its own way.
    /// </summary>
    internal sealed record ScalarProgram(IReadOnlyList<ScalarStatement> Statements, string Result, IReadOnlyList<GradientStore> Stores);

    /// <summary>Chain input <see cref="Input"/>'s gradient is the local <see cref="Gradient"/>.</summary>
    internal sealed record GradientStore(int Input, string Gradient);
}
