using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Emit;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Autodiff
{
    /// <summary>
    /// Reverse mode inside a fused elementwise chain, per element: the values are recomputed from the chain's
    /// inputs (the output is read back), then each op's scalar derivative runs from the last op to the
    /// first, summing contributions per operand. Backend-neutral: it writes plain C# statements that a
    /// CPU loop or an ILGPU kernel body can hold.
    /// </summary>
    internal static class ScalarAdjoint
    {
        /// <param name="input">The expression reading external input j at the current element.</param>
        /// <param name="scalar">The name under which a node's runtime scalar reaches the kernel.</param>
        /// <param name="output">The expression reading the saved output at the current element.</param>
        /// <param name="outputGradient">The expression reading the output's gradient at the current element.</param>
        /// <param name="store">Writes input j's gradient (the expression) at the current element.</param>
        public static void Emit(SourceWriter w, Kernel kernel, System.Func<int, string> input, System.Func<GraphNode, string, string> scalar,
            string output, string outputGradient, System.Action<int, string> store)
        {
            var values = ForwardValues(w, kernel, input, scalar, recomputeOutput: false, output);
            var adjoints = new Dictionary<string, string>();
            var last = kernel.Output;
            w.Line($"float g_{last.Name} = {outputGradient};");
            adjoints[last.Name] = $"g_{last.Name}";

            foreach (var node in Enumerable.Reverse(kernel.Nodes))
            {
                if (!adjoints.TryGetValue(node.Name, out var g)) continue;
                var op = (ElementwiseOp)OpRegistry.Get(node.Op);
                var operands = node.Inputs.Select(i => values[i]).ToList();
                var grads = op.Backward(node, operands, values[node.Id], g, name => scalar(node, name));
                for (int k = 0; k < grads.Length && k < node.Inputs.Count; k++)
                {
                    if (grads[k] is not { } contribution) continue;
                    string target = Target(kernel, node.Inputs[k]);
                    if (adjoints.ContainsKey(target)) w.Line($"g_{target} += {contribution};");
                    else
                    {
                        w.Line($"float g_{target} = {contribution};");
                        adjoints[target] = "g_" + target;
                    }
                }
            }

            for (int j = 0; j < kernel.Inputs.Count; j++)
                if (adjoints.TryGetValue(InputTarget(j), out var ga)) store(j, ga);
        }

        /// <summary>
        /// Writes the forward values of the chain as locals and returns the expression of each node's value
        /// (external inputs read once into locals). With <paramref name="recomputeOutput"/> false the last
        /// value is read from <paramref name="output"/> instead of recomputed.
        /// </summary>
        public static Dictionary<int, string> ForwardValues(SourceWriter w, Kernel kernel, System.Func<int, string> input,
            System.Func<GraphNode, string, string> scalar, bool recomputeOutput, string? output)
        {
            var values = new Dictionary<int, string>();
            for (int j = 0; j < kernel.Inputs.Count; j++)
            {
                w.Line($"float {InputTarget(j)} = {input(j)};");
                values[kernel.Inputs[j]] = InputTarget(j);
            }

            foreach (var node in kernel.Nodes)
            {
                string value = "v_" + node.Name;
                if (node == kernel.Output && !recomputeOutput)
                {
                    w.Line($"float {value} = {output};");
                }
                else
                {
                    var op = (ElementwiseOp)OpRegistry.Get(node.Op);
                    var operands = node.Inputs.Select(i => values[i]).ToList();
                    w.Line($"float {value} = {op.Forward(node, operands, name => scalar(node, name))};{Comment(node)}");
                }

                values[node.Id] = value;
            }

            return values;
        }

        private static string Comment(GraphNode node) => node.LayerPath is null ? $" // {node.Label}" : $" // {node.LayerPath}";

        private static string Target(Kernel kernel, int nodeId)
        {
            int j = kernel.Inputs.IndexOf(nodeId);
            return j >= 0 ? InputTarget(j) : kernel.Nodes.First(n => n.Id == nodeId).Name;
        }

        private static string InputTarget(int j) => "in" + j;
    }
}
