using System.Collections.Generic;
using GraphGen.Generator.Autodiff;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// What one backend says in the walk <see cref="BackendWalkEmitter"/> writes for it: its buffers and views, how a
    /// kernel launches, how gradient buffers are made and returned, and its workspace. Every member is C# text for the
    /// generated file; the generated code calls no interface (the walk is written out, statement by statement).
    /// </summary>
    internal interface IBackendWalk
    {
        /// <summary>The backend's name in its methods: <c>CallCompiled{Suffix}</c>, <c>Backward{Suffix}</c>.</summary>
        string Suffix { get; }

        /// <summary>The documentation lines above the compiled Call.</summary>
        IEnumerable<string> CallSummary { get; }

        /// <summary>The statements that return null when the inputs or parameters are not on this backend's device.</summary>
        IEnumerable<string> DeviceCheck();

        /// <summary>The workspace class, and the field of its pool.</summary>
        string WorkspaceType { get; }
        string WorkspacePool { get; }

        /// <summary>An expression renting a workspace for <c>sizes</c>.</summary>
        string RentWorkspace { get; }

        /// <summary>The statements that make input <paramref name="input"/> readable by the kernels (<c>{input}_data</c> and any view).</summary>
        IEnumerable<string> PrepareInput(string input);

        /// <summary>The buffer or view of a node's values in the Call and the backward.</summary>
        string Value(int node);

        /// <summary>The statements that launch a kernel's forward.</summary>
        IEnumerable<string> ForwardLaunch(Kernel kernel);

        /// <summary>An expression wrapping the output's buffer and shape arguments as the returned tensor.</summary>
        string Output(string bufferAndShape);

        /// <summary>What the backward captures of an input besides whether it needs a gradient (all tensors).</summary>
        IEnumerable<string> CapturedInput(string input);

        string BackwardSummary { get; }

        /// <summary>The backward's statements for an input before the steps: its view, and its gradient buffer when it has one.</summary>
        IEnumerable<string> PrepareInputGradient(string input, bool hasGradient);

        /// <summary>The statement copying the incoming gradient <c>g</c> into a gradient buffer.</summary>
        string CopyGradient(string buffer);

        /// <summary>An input's gradient buffer as the kernels write it.</summary>
        string InputGradientBuffer(string input);

        /// <summary>The statements declaring a layer's parameter gradients before its backward step.</summary>
        IEnumerable<string> DeclareParameterGradients(GraphNode layer, IReadOnlyList<string> parameters);

        /// <summary>The statements that launch a kernel's backward.</summary>
        IEnumerable<string> BackwardLaunch(BackwardStep step);

        /// <summary>What the backward returns for an input with a gradient, and for a parameter's gradient.</summary>
        string InputGradientResult(string input);
        string ParameterGradientResult(string gradient);
    }
}
