using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Emit;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Graph
{
    /// <summary>
    /// The check phase: from a parsed module, build and shape-check its graph, and produce the
    /// location-free model the emitters run on, plus all diagnostics. Never throws (except cancellation).
    /// </summary>
    internal static class ModuleAnalyzer
    {
        public static AnalysisResult Analyze(ParseResult parsed, CancellationToken ct)
        {
            var diagnostics = parsed.Diagnostics.ToList();
            var spec = parsed.Spec;
            if (spec is null || !spec.CanEmit) return new AnalysisResult(null, diagnostics.ToEquatableArray());
            try
            {
                ModuleGraph? graph = null;
                if (!spec.HasErrors && spec.Forward is not null)
                {
                    ct.ThrowIfCancellationRequested();
                    graph = GraphBuilder.Build(spec, diagnostics);
                }

                // Never a silent fallback: if nothing explains why there is no compiled graph, say so.
                bool explained = spec.HasSyntaxErrors || diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
                if (graph is null && !explained)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.Location, spec.Name,
                        "Forward was not compiled and no diagnostic explains why"));

                var model = new ModuleEmitModel(
                    spec.Namespace,
                    spec.Name,
                    spec.FullName,
                    spec.ContainingTypes,
                    spec.Fields.Where(f => f.Layer is not null).Select(f => f.Name).ToEquatableArray(),
                    ParameterDocs(spec).ToEquatableArray(),
                    spec.Forward?.Inputs ?? EquatableArray<string>.Empty,
                    graph,
                    EmitGetName: !spec.DeclaresGetName,
                    ConstructorParameters: spec.ConstructorParameters);
                return new AnalysisResult(model, diagnostics.ToEquatableArray());
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.Location, spec.Name, e.GetType().Name + ": " + e.Message));
                return new AnalysisResult(null, diagnostics.ToEquatableArray());
            }
        }

        /// <summary>The state-dict keys and shapes, in registration order, with dimensions as written.</summary>
        private static IEnumerable<ParameterDoc> ParameterDocs(ModuleSpec spec)
        {
            var result = new List<ParameterDoc>();
            foreach (var field in spec.Fields)
                if (field.Layer is not null) AddLayer(field.Layer, field.Name, name => name, result, depth: 0);
            return result;
        }

        private static void AddLayer(LayerSpec layer, string path, Func<string, string> rename, List<ParameterDoc> result, int depth)
        {
            if (depth > 8) return;
            switch (layer.Kind)
            {
                case LayerKind.Op:
                    foreach (var (key, shape) in Ops.OpRegistry.ForLayer(layer.TypeName)!.ParameterDocs(name => Text(layer, name, rename)))
                        result.Add(new ParameterDoc(path + "." + key, shape));
                    break;
                case LayerKind.Sequential:
                    foreach (var child in layer.Children) AddLayer(child, path + "." + child.Name, rename, result, depth + 1);
                    break;
                case LayerKind.Module when layer.Module is not null:
                    var args = layer.Args.ToDictionary(a => a.Name, a => Text(a.Value, rename));
                    Func<string, string> childRename = name => args.TryGetValue(name, out var v) ? v : name;
                    foreach (var field in layer.Module.Fields)
                        if (field.Layer is not null) AddLayer(field.Layer, path + "." + field.Name, childRename, result, depth + 1);
                    break;
            }
        }

        /// <summary>A layer argument as written; a tuple (<c>kernelSize: (5, 3)</c>) as its values joined: <c>5, 3</c>.</summary>
        private static string Text(LayerSpec layer, string name, Func<string, string> rename) =>
            layer.Args.FirstOrDefault(a => a.Name == name) is { Values.Count: > 1 } tuple
                ? string.Join(", ", tuple.Values.Select(v => Text(v, rename)))
                : Text(layer.Arg(name), rename);

        private static string Text(ValueSpec? value, Func<string, string> rename) => value is null ? "?" : value.Kind == ValueKind.Parameter ? rename(value.Text) : value.Text;
    }
}
