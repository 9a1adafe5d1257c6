using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Graph;
using Microsoft.CodeAnalysis.CSharp;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// Identifiers in generated code: sizes keep the names the user wrote (<c>numInputs</c>, <c>B</c>), inputs
    /// keep Forward's parameter names, layers become their PyTorch path with underscores (<c>pipe_0</c>).
    /// Names that would collide with generated locals or C# keywords are adjusted.
    /// </summary>
    internal sealed class CodeNames
    {
        private static readonly HashSet<string> s_reserved = new()
        {
            "layers", "sizes", "ws", "inputs", "output", "generation", "g", "s", "self", "value",
        };

        private readonly Dictionary<string, string> _symbols = new();
        private readonly Dictionary<string, string> _inputs = new();

        public CodeNames(ModuleGraph graph, IEnumerable<string> inputs)
        {
            var used = new HashSet<string>();
            foreach (var symbol in graph.Symbols.Select(s => s.Symbol).Concat(graph.Checks.SelectMany(c => c.Left.Symbols.Concat(c.Right.Symbols))).Distinct())
                _symbols[symbol] = Unique(Identifier(SymbolText(symbol)), used);
            foreach (var input in inputs)
                _inputs[input] = s_reserved.Contains(input) ? input + "_input" : Identifier(input);
        }

        public IEnumerable<string> Symbols => _symbols.Keys;

        /// <summary>The code name of a dimension symbol (a field of the sizes struct).</summary>
        public string Symbol(string symbol) => _symbols.TryGetValue(symbol, out var name) ? name : Identifier(SymbolText(symbol));

        /// <summary>A quotient's formula as words for an identifier: <c>(B*x.features/3)</c> reads <c>B_x_features_over_3</c>.</summary>
        private static string SymbolText(string symbol) => symbol.Replace("(", "").Replace(")", "").Replace("/", "_over_");

        /// <summary>The parameter name of a Forward input in generated methods.</summary>
        public string Input(string input) => _inputs.TryGetValue(input, out var name) ? name : Identifier(input);

        /// <summary>A size as C# over a sizes variable: <c>s.B * 5</c>.</summary>
        public string Dim(SymDim dim, string prefix) => dim.ToCode(sym => prefix + Symbol(sym));

        public static string Layer(string path) => Identifier(path);

        /// <summary>The parameters of a node's layer (<see cref="Ops.OpDefinition.Parameters"/>): Weight, Bias.</summary>
        public static IReadOnlyList<string> Parameters(GraphNode node) => Ops.OpRegistry.Get(node.Op).Parameters;

        /// <summary>The local holding a node's parameter gradient in a generated backward: <c>fc1_weight</c>.</summary>
        public static string ParameterGradient(GraphNode node, string parameter) => node.Name + "_" + parameter.ToLowerInvariant();

        public static string Identifier(string text)
        {
            var chars = text.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
            string name = new string(chars);
            if (name.Length == 0 || char.IsDigit(name[0])) name = "_" + name;
            if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None) name = "@" + name;
            return name;
        }

        private static string Unique(string name, HashSet<string> used)
        {
            string candidate = name;
            for (int i = 2; !used.Add(candidate); i++) candidate = name + "_" + i;
            return candidate;
        }
    }
}
