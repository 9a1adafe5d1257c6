using System.Collections.Generic;
using System.Linq;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// The table of ops: by IR name, and by how each is written in Forward — an F.* function, a Tensor
    /// method, an operator, or a layer type — as each op declares in its <see cref="OpDefinition.Forms"/>.
    /// Adding an op means adding its file and one line here.
    /// </summary>
    internal static class OpRegistry
    {
        private static readonly OpDefinition[] s_ops =
        {
            new InputOp(), new LinearOp(),
            new ReluOp(), new SigmoidOp(), new TanhOp(), new LeakyReluOp(), new GeluOp(), new EluOp(), new SiluOp(),
            new ExpOp(), new LogOp(), new SqrtOp(), new NegOp(), new AbsOp(),
            new AddOp(), new SubOp(), new MulOp(), new DivOp(),
            new DropoutOp(), new SoftmaxOp(), new LogSoftmaxOp(),
            new ViewOp(), new FlattenOp(), new SumOp(), new MeanOp(),
            new Conv2dOp(), new Conv1dOp(), new MaxPool2dOp(), new AvgPool2dOp(),
            new BatchNorm1dOp(), new BatchNorm2dOp(), new LayerNormOp(), new AdaptiveAvgPool2dOp(), new CatOp(), new EmbeddingOp(),
        };

        private static readonly Dictionary<string, OpDefinition> s_byName = s_ops.ToDictionary(o => o.Name);
        private static readonly Dictionary<string, OpDefinition> s_functions = Index(o => o.Forms.Functions);
        private static readonly Dictionary<string, OpDefinition> s_methods = Index(o => o.Forms.Methods);
        private static readonly Dictionary<string, OpDefinition> s_operators = Index(o => o.Forms.Operator is { } op ? new[] { op } : System.Array.Empty<string>());
        private static readonly Dictionary<string, OpDefinition> s_layers = Index(o => o.Forms.Layers);

        public static OpDefinition Get(string name) => s_byName[name];

        public static OpDefinition? ForFunction(string name) => s_functions.TryGetValue(name, out var op) ? op : null;

        public static OpDefinition? ForMethod(string name) => s_methods.TryGetValue(name, out var op) ? op : null;

        public static OpDefinition? ForBinary(string symbol) => s_operators.TryGetValue(symbol, out var op) ? op : null;

        /// <summary>The op a GraphGen.Nn layer type computes (<c>ReLU</c> → Relu), or null.</summary>
        public static OpDefinition? ForLayer(string typeName) => s_layers.TryGetValue(typeName, out var op) ? op : null;

        /// <summary>The F.* functions the compiler understands, in the ops' order.</summary>
        public static IEnumerable<string> Functions => s_functions.Keys;

        /// <summary>The Tensor methods of elementwise ops (Relu, Exp, ...), in the ops' order.</summary>
        public static IEnumerable<string> ElementwiseMethods => s_methods.Where(m => m.Value is ElementwiseOp).Select(m => m.Key);

        /// <summary>The layer types the compiler understands, for GG0203's message: the ops' layers, then the containers.</summary>
        public static string SupportedLayers => string.Join(", ", s_layers.Keys) + ", Identity, Sequential and other [Module] classes";

        private static Dictionary<string, OpDefinition> Index(System.Func<OpDefinition, IEnumerable<string>> forms)
        {
            var index = new Dictionary<string, OpDefinition>();
            foreach (var op in s_ops)
            foreach (var form in forms(op))
                index.Add(form, op); // two ops claiming one form is a bug: the type initializer fails loudly in every test
            return index;
        }
    }
}
