using System.Collections.Generic;

namespace GraphGen.Generator.Ops
{
    /// <summary>
    /// How Forward writes an op: the GraphGen.Nn layer types, <c>F.*</c> functions, Tensor methods and binary
    /// operator that answer to it. The op registry and the parser's known layer types are built from these.
    /// </summary>
    internal sealed class OpForms
    {
        public static readonly OpForms None = new();

        public OpForms(string? layer = null, string? function = null, string[]? methods = null, string? op = null)
        {
            Layers = layer is null ? System.Array.Empty<string>() : new[] { layer };
            Functions = function is null ? System.Array.Empty<string>() : new[] { function };
            Methods = methods ?? System.Array.Empty<string>();
            Operator = op;
        }

        /// <summary>An activation written all three ways: <c>new ReLU()</c>, <c>F.Relu(x)</c>, <c>x.Relu()</c>.</summary>
        public static OpForms Activation(string layer, string name) => new(layer, name, new[] { name });

        public IReadOnlyList<string> Layers { get; }

        public IReadOnlyList<string> Functions { get; }

        public IReadOnlyList<string> Methods { get; }

        public string? Operator { get; }
    }
}
