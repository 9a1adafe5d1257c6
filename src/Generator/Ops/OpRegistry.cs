using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Model;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// The table of ops: by IR name, and by how each is written in Forward — an F.* function, a Tensor
    /// method, an operator, or a layer type. Adding an op means adding its file and one line here.
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
        };

        private static readonly Dictionary<string, OpDefinition> s_byName = s_ops.ToDictionary(o => o.Name);

        private static readonly Dictionary<string, string> s_functions = new()
        {
            ["Relu"] = "Relu", ["Sigmoid"] = "Sigmoid", ["Tanh"] = "Tanh", ["LeakyRelu"] = "LeakyRelu", ["Gelu"] = "Gelu", ["Elu"] = "Elu", ["Silu"] = "Silu",
            ["Softmax"] = "Softmax", ["LogSoftmax"] = "LogSoftmax", ["Dropout"] = "Dropout",
        };

        private static readonly Dictionary<string, string> s_methods = new()
        {
            ["Relu"] = "Relu", ["Sigmoid"] = "Sigmoid", ["Tanh"] = "Tanh", ["LeakyRelu"] = "LeakyRelu", ["Gelu"] = "Gelu", ["Elu"] = "Elu", ["Silu"] = "Silu",
            ["Dropout"] = "Dropout", ["Exp"] = "Exp", ["Log"] = "Log", ["Sqrt"] = "Sqrt", ["Neg"] = "Neg", ["Abs"] = "Abs",
            ["Softmax"] = "Softmax", ["LogSoftmax"] = "LogSoftmax",
            ["View"] = "View", ["Reshape"] = "View", ["Flatten"] = "Flatten",
            ["Sum"] = "Sum", ["Mean"] = "Mean",
        };

        private static readonly Dictionary<string, string> s_operators = new() { ["+"] = "Add", ["-"] = "Sub", ["*"] = "Mul", ["/"] = "Div" };

        private static readonly Dictionary<LayerKind, string> s_layers = new()
        {
            [LayerKind.Linear] = "Linear", [LayerKind.ReLU] = "Relu", [LayerKind.Sigmoid] = "Sigmoid", [LayerKind.Tanh] = "Tanh",
            [LayerKind.LeakyReLU] = "LeakyRelu", [LayerKind.GELU] = "Gelu", [LayerKind.ELU] = "Elu", [LayerKind.Dropout] = "Dropout",
            [LayerKind.Softmax] = "Softmax", [LayerKind.LogSoftmax] = "LogSoftmax", [LayerKind.Flatten] = "Flatten", [LayerKind.SiLU] = "Silu",
        };

        public static OpDefinition Get(string name) => s_byName[name];

        public static OpDefinition? ForFunction(string name) => s_functions.TryGetValue(name, out var op) ? s_byName[op] : null;

        public static OpDefinition? ForMethod(string name) => s_methods.TryGetValue(name, out var op) ? s_byName[op] : null;

        public static OpDefinition? ForBinary(string symbol) => s_operators.TryGetValue(symbol, out var op) ? s_byName[op] : null;

        public static OpDefinition? ForLayer(LayerKind kind) => s_layers.TryGetValue(kind, out var op) ? s_byName[op] : null;
    }
}
