using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Emit
{
    /// <summary>The sizes a call runs at and the shape checks only run time can decide: at each call and on first use.</summary>
    internal static partial class CallEmitter
    {
        private sealed partial class Writer
        {
            private void WriteSizes()
            {
                var fields = _graph.Symbols.Select(s => "int " + _names.Symbol(s.Symbol));
                _w.Line("/// <summary>The sizes a call runs at (the batch, the features, the dimensions given to the constructor): the key of its planned buffers.</summary>");
                _w.Line($"private readonly record struct CallSizes({string.Join(", ", fields)});");
                _w.Line();

                var parameters = string.Join(", ", InputNames.Select(n => "global::GraphGen.Tensor " + n));
                _w.Line("/// <summary>Reads the sizes from the inputs and the layers and checks every shape constraint only run time can decide.</summary>");
                using (_w.OpenBlock($"private static CallSizes ResolveCallSizes({parameters}, CallLayers layers)"))
                {
                    string module = GeneratedFile.Literal(_model.Name);
                    foreach (var symbol in _graph.Symbols)
                    {
                        string name = _names.Symbol(symbol.Symbol);
                        switch (symbol.Kind)
                        {
                            case SymbolSourceKind.BatchOf:
                                var input = _graph.Inputs.First(i => i.Name == symbol.Subject);
                                var shape = _graph.Nodes[input.NodeId].Shape;
                                _w.Line(IsFeatureRows(input)
                                    ? $"int {name} = global::GraphGen.Compiled.CompiledCall.Rows({_names.Input(symbol.Subject)}, {GeneratedFile.Literal(symbol.Subject)}, {module}, {GeneratedFile.Literal(shape.ToString())}, anyRank: {(input.AnyRank ? "true" : "false")});"
                                    : $"int {name} = {BatchCall(input)};");
                                foreach (var other in _graph.Inputs.Where(i => i != input && !IsFeatureRows(i)))
                                    _w.Line(BatchCall(other, rows: name) + ";");
                                break;

                            case SymbolSourceKind.FeaturesOf:
                                _w.Line($"int {name} = global::GraphGen.Compiled.CompiledCall.Features({_names.Input(symbol.Subject)}, {GeneratedFile.Literal(symbol.Subject)}, {_names.Symbol(SymDim.Batch)}, {module});");
                                break;
                            default:
                                _w.Line($"int {name} = {SymbolValue(symbol)};");
                                break;
                        }
                    }

                    foreach (var check in _graph.Checks) WriteCheck(check, atFirstUse: false);
                    _w.Line($"return new CallSizes({string.Join(", ", _graph.Symbols.Select(s => _names.Symbol(s.Symbol)))});");
                }

                _w.Line();
                var firstUse = _graph.Checks.Where(IsFirstUseCheck).ToList();
                if (firstUse.Count == 0) return;
                _w.Line("/// <summary>The shape checks that do not depend on the inputs, run as soon as the module is first used.</summary>");
                using (_w.OpenBlock($"partial void {ModulePlumbingEmitter.FirstUseChecks}()"))
                {
                    _w.Line("var layers = ResolveCallLayers();");
                    var needed = new HashSet<string>(firstUse.SelectMany(c => c.Left.Symbols.Concat(c.Right.Symbols)));
                    foreach (var quotient in _graph.Symbols.Where(s => s.Kind == SymbolSourceKind.Quotient && needed.Contains(s.Symbol)))
                        needed.UnionWith(quotient.Numerator!.Symbols.Concat(quotient.Denominator!.Symbols));
                    foreach (var symbol in _graph.Symbols.Where(s => needed.Contains(s.Symbol)))
                        _w.Line($"int {_names.Symbol(symbol.Symbol)} = {SymbolValue(symbol)};");
                    foreach (var check in firstUse) WriteCheck(check, atFirstUse: true);
                }

                _w.Line();
            }

            /// <summary>An input read as [B, features] rows (any rank past the batch flattened), rather than with a shape of its own.</summary>
            private bool IsFeatureRows(GraphInput input) => _graph.Symbols.Any(s => s.Kind == SymbolSourceKind.FeaturesOf && s.Subject == input.Name);

            /// <summary>
            /// The batch of an input with a shape of its own ([B, 1, 28, 28]): its rank and constant sizes checked (-1: a size the
            /// compiled code reads), and, for inputs after the first, its batch against the first's.
            /// </summary>
            private string BatchCall(GraphInput input, string? rows = null)
            {
                var shape = _graph.Nodes[input.NodeId].Shape;
                // An undeclared input's sizes are checked by the shape checks below, with the messages of the ops that read them.
                string sample = string.Join(", ", shape.Dims.Skip(1).Select(d => d.IsConstant && input.Declared ? d.ToString() : "-1"));
                return $"global::GraphGen.Compiled.CompiledCall.Batch({_names.Input(input.Name)}, {GeneratedFile.Literal(input.Name)}, {GeneratedFile.Literal(_model.Name)}, {GeneratedFile.Literal(shape.ToString())}, stackalloc int[] {{ {sample} }}{(rows is null ? "" : ", rows: " + rows)})";
            }

            /// <summary>A layer's size, an input's, or one computed from sizes before it: a quotient (guarded: a -1 next to a size of 0 is 0), a spatial size.</summary>
            private string SymbolValue(SymbolSource symbol)
            {
                if (symbol.Kind == SymbolSourceKind.Spatial)
                {
                    string offset = symbol.Offset == 0 ? "" : (symbol.Offset < 0 ? " - " : " + ") + System.Math.Abs(symbol.Offset);
                    return $"global::GraphGen.Compiled.CompiledCall.FloorDiv({_names.Dim(symbol.Numerator!, "")}{offset}, {symbol.Denominator!.Coef})";
                }

                if (symbol.Kind == SymbolSourceKind.CeilPool)
                    return $"global::GraphGen.Kernels.Cpu.Pool2dGeometry.OutputSize({_names.Dim(symbol.Numerator!, "")}, {string.Join(", ", symbol.Window)}, ceilMode: true)";
                if (symbol.Kind == SymbolSourceKind.DimOf) return $"{_names.Input(symbol.Subject)}.Size({symbol.Member})";
                if (symbol.Kind != SymbolSourceKind.Quotient) return $"layers.{CodeNames.Layer(symbol.Subject)}.{symbol.Member}";
                string numerator = _names.Dim(symbol.Numerator!, ""), denominator = _names.Dim(symbol.Denominator!, "");
                if (symbol.Denominator!.IsConstant) return $"{numerator} / {denominator}";
                return $"{denominator} == 0 ? 0 : {numerator} / ({denominator})";
            }

            /// <summary>A check whose sizes all come from layers (no batch, no input features).</summary>
            private bool IsFirstUseCheck(RuntimeCheck check) => check.Left.Symbols.Concat(check.Right.Symbols).All(IsLayerSize);

            /// <summary>A size known from the layers alone: a layer's property, or a quotient of those.</summary>
            private bool IsLayerSize(string symbol) => _graph.Symbols.FirstOrDefault(s => s.Symbol == symbol) is { } source
                && (source.Kind == SymbolSourceKind.LayerProperty
                    || (source.Kind == SymbolSourceKind.Quotient && source.Numerator!.Symbols.Concat(source.Denominator!.Symbols).All(IsLayerSize)));

            private void WriteCheck(RuntimeCheck check, bool atFirstUse)
            {
                string message = string.Concat(check.Message.Select(p => p.Dim is null
                    ? GeneratedFile.Interpolated(p.Text)
                    : p.Dim.IsConstant ? GeneratedFile.Interpolated(p.Dim.ToString())
                    : atFirstUse && !p.Dim.Symbols.All(IsLayerSize) ? PartlyKnown(p.Dim)
                    : "{" + _names.Dim(p.Dim, "") + "}"));
                _w.Line($"if ({_names.Dim(check.Left, "")} {(check.AtLeast ? "<" : "!=")} {_names.Dim(check.Right, "")})");
                _w.Line($"    throw new global::System.ArgumentException($\"{check.DiagnosticId}: {message}\");");
            }

            /// <summary>A size at first use, before any input: the layers' sizes as values, the batch and features by name (<c>B*{hidden}</c>).</summary>
            private string PartlyKnown(SymDim dim)
            {
                var factors = dim.Symbols.Select(s => IsLayerSize(s) ? "{" + _names.Symbol(s) + "}" : GeneratedFile.Interpolated(s)).ToList();
                if (dim.Coef != 1) factors.Insert(0, dim.Coef.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return string.Join("*", factors);
            }
        }
    }
}
