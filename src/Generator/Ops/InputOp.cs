using System.Collections.Generic;
using GraphGen.Generator.Graph;

namespace GraphGen.Generator.Ops
{
    /// <summary>A tensor parameter of Forward: shape [B, features] (features bound by its first reader).</summary>
    internal sealed class InputOp : OpDefinition
    {
        public override string Name => "Input";

        public override OpCategory Category => OpCategory.Input;

        public override SymShape? InferShape(ShapeContext context, GraphNode node, IReadOnlyList<SymShape> inputs) => node.Shape;

        /// <summary>No node: an input is a graph input of the ONNX model, named as Forward's parameter.</summary>
        public override bool LowerToOnnx(OnnxContext c) => true;

        public override string Describe(GraphNode node) => "input";
    }
}
