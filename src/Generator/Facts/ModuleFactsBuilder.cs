using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Emit;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Facts
{
    /// <summary>Reads the facts the call-site analyzers need off a module's compiled graph; null without a graph.</summary>
    internal static class ModuleFactsBuilder
    {
        public static ModuleFacts? Build(ModuleEmitModel model)
        {
            var graph = model.Graph;
            if (graph is null) return null;
            var output = graph.Nodes[graph.Output];
            long features = output.Shape.Rank > 0 && output.Shape.Last.IsConstant ? output.Shape.Last.Coef : 0;
            return new ModuleFacts(
                model.Namespace,
                model.Name,
                model.HintName,
                model.ContainingTypes,
                OutputKind(graph),
                features,
                graph.Nodes.Any(n => n.Op == "Dropout" && n.Attributes.Text != "false"),
                Constraints(graph, new HashSet<string>(model.ConstructorParameters)).ToEquatableArray());
        }

        /// <summary>The last op that decides what the values are; Dropout is looked through (the identity in evaluation).</summary>
        private static string OutputKind(ModuleGraph graph)
        {
            var node = graph.Nodes[graph.Output];
            while (node.Op == "Dropout" && node.Inputs.Count == 1) node = graph.Nodes[node.Inputs[0]];
            return node.Op switch
            {
                "Linear" => "Logits",
                "Softmax" => "Probabilities",
                "Sigmoid" => "SigmoidProbabilities",
                "LogSoftmax" => "LogProbabilities",
                _ => "Unknown",
            };
        }

        /// <summary>
        /// The runtime checks that depend on nothing but constructor parameters, as <c>left == right: message</c>
        /// with each non-constant size in the message written <c>{size}</c> (the analyzer puts the value in).
        /// </summary>
        private static IEnumerable<string> Constraints(ModuleGraph graph, HashSet<string> parameters)
        {
            foreach (var check in graph.Checks)
            {
                var symbols = check.Left.Symbols.Concat(check.Right.Symbols).ToList();
                if (check.AtLeast) continue; // the facts' constraint format is equality only
                if (symbols.Count == 0 || !symbols.All(parameters.Contains)) continue;
                string message = string.Concat(check.Message.Select(p => p.Dim is null ? p.Text
                    : p.Dim.IsConstant || !p.Dim.Symbols.All(parameters.Contains) ? p.Dim.ToString()
                    : "{" + p.Dim + "}"));
                yield return $"{check.Left} == {check.Right}: {check.DiagnosticId}: {message}";
            }
        }
    }
}
