using System;
using System.Collections.Generic;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// The emit step: the plumbing file, the shared Call file (<see cref="CallEmitter"/>), the graph as data (<see cref="GraphEmitter"/>) and one file per backend. A backend that fails and can decline (the GPU one)
    /// is replaced by its fallback with warning GG0302, so the user's build never fails for it; any other failure
    /// becomes GG0099, never a crash.
    /// </summary>
    internal static class SourceOutput
    {
        private static readonly IBackendEmitter[] s_backends = { new CpuEmitter(), new GpuEmitter() };

        public static void Emit(SourceProductionContext context, ModulePlan plan)
        {
            var (files, diagnostics) = Render(plan, s_backends);
            foreach (var (hintName, source) in files) context.AddSource(hintName, source);
            foreach (var d in diagnostics) context.ReportDiagnostic(d.ToDiagnostic());
        }

        /// <summary>The files and diagnostics of one module: all of them, or the plumbing alone and GG0099.</summary>
        internal static (List<(string HintName, string Source)> Files, List<DiagnosticInfo> Diagnostics) Render(ModulePlan plan, IReadOnlyList<IBackendEmitter> backends)
        {
            var model = plan.Model;
            var files = new List<(string, string)>();
            var diagnostics = new List<DiagnosticInfo>();
            try
            {
                files.Add((model.HintName + ".Module.g.cs", ModulePlumbingEmitter.Emit(model)));
                if (CallEmitter.Emit(plan, backends) is { } call) files.Add((model.HintName + ".Call.g.cs", call));
                if (GraphEmitter.Emit(plan) is { } graph) files.Add((model.HintName + ".Graph.g.cs", graph));
                foreach (var backend in backends)
                {
                    string hintName = $"{model.HintName}.{backend.Suffix}.g.cs";
                    try
                    {
                        if (backend.Emit(plan) is { } source) files.Add((hintName, source));
                    }
                    catch (Exception e) when (e is not OperationCanceledException && backend.Fallback(model, Describe(e)) is { } fallback)
                    {
                        files.Add((hintName, fallback));
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BackendDeclined, null, backend.Suffix, model.Name, Describe(e)));
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                files.RemoveRange(Math.Min(files.Count, 1), Math.Max(files.Count - 1, 0)); // the plumbing alone: the class stays a Module running its eager Forward
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, null, model.Name, Describe(e)));
            }

            return (files, diagnostics);
        }

        private static string Describe(Exception e) => e.GetType().Name + ": " + e.Message;
    }
}
