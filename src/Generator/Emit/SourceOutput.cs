using System;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Emit
{
    /// <summary>The emit step: the plumbing file and one file per backend; an emitter failure becomes GG0099, never a crash.</summary>
    internal static class SourceOutput
    {
        private static readonly IBackendEmitter[] s_backends = { new CpuEmitter(), new GpuEmitter() };

        public static void Emit(SourceProductionContext context, ModuleEmitModel model)
        {
            try
            {
                context.AddSource(model.HintName + ".Module.g.cs", ModulePlumbingEmitter.Emit(model));
                foreach (var backend in s_backends)
                    if (backend.Emit(model) is { } source)
                        context.AddSource($"{model.HintName}.{backend.Suffix}.g.cs", source);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                context.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, null, model.Name, e.GetType().Name + ": " + e.Message).ToDiagnostic());
            }
        }
    }
}
