using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Fusion;
using GraphGen.Generator.Graph;
using GraphGen.Generator.Graph.Scalar;
using GraphGen.Generator.Ops;

namespace GraphGen.Generator.Autodiff
{
    /// <summary>
    /// The loop bodies of a fused elementwise chain, as backend-neutral <see cref="ScalarProgram"/>s built from
    /// each op's scalar expressions. Forward: the chain's inputs read once into locals, then each node's value.
    /// Backward (reverse mode per element): the values again (the output is read back), then each op's
    /// derivative from the last op to the first, summing contributions per operand.
    /// </summary>
    internal static class ScalarAdjoint
    {
        /// <summary>The name under which a node's runtime scalar (<see cref="RuntimeScalar"/>) reaches the chain's kernel.</summary>
        public static string ParameterName(GraphNode node, string name) => node.Name + "_" + name;

        /// <param name="inputBuffer">The buffer holding chain input j (x, or x0, x1, ...).</param>
        public static ScalarProgram Forward(Kernel kernel, System.Func<int, string> inputBuffer)
        {
            var statements = new List<ScalarStatement>();
            var values = Values(statements, kernel, inputBuffer, recomputeOutput: true);
            return new ScalarProgram(statements, values[kernel.Output.Id], System.Array.Empty<GradientStore>());
        }

        /// <param name="inputBuffer">The buffer holding chain input j; the output is read back from <c>y</c>, its gradient from <c>dy</c>.</param>
        public static ScalarProgram Backward(Kernel kernel, System.Func<int, string> inputBuffer)
        {
            var statements = new List<ScalarStatement>();
            var values = Values(statements, kernel, inputBuffer, recomputeOutput: false);
            var adjoints = new HashSet<string>();
            var last = kernel.Output;
            statements.Add(new ScalarStatement("g_" + last.Name, ScalarExpr.Load("dy"), false, null));
            adjoints.Add(last.Name);

            foreach (var node in Enumerable.Reverse(kernel.Nodes))
            {
                if (!adjoints.Contains(node.Name)) continue;
                var op = (ElementwiseOp)OpRegistry.Get(node.Op);
                var operands = node.Inputs.Select(i => ScalarExpr.Variable(values[i])).ToList();
                var grads = op.Backward(node, operands, ScalarExpr.Variable(values[node.Id]), ScalarExpr.Variable("g_" + node.Name), Parameters(node));
                for (int k = 0; k < grads.Length && k < node.Inputs.Count; k++)
                {
                    if (grads[k] is not { } contribution) continue;
                    string target = Target(kernel, node.Inputs[k]);
                    statements.Add(new ScalarStatement("g_" + target, contribution, Accumulate: !adjoints.Add(target), null));
                }
            }

            var stores = new List<GradientStore>();
            for (int j = 0; j < kernel.Inputs.Count; j++)
                if (adjoints.Contains(InputTarget(j))) stores.Add(new GradientStore(j, "g_" + InputTarget(j)));
            return new ScalarProgram(statements, values[last.Id], stores);
        }

        /// <summary>
        /// Adds the statements computing each node's value and returns the local holding each node's value
        /// (external inputs read once). With <paramref name="recomputeOutput"/> false the output is read from y.
        /// </summary>
        private static Dictionary<int, string> Values(List<ScalarStatement> statements, Kernel kernel, System.Func<int, string> inputBuffer, bool recomputeOutput)
        {
            var values = new Dictionary<int, string>();
            for (int j = 0; j < kernel.Inputs.Count; j++)
            {
                statements.Add(new ScalarStatement(InputTarget(j), ScalarExpr.Load(inputBuffer(j)), false, null));
                values[kernel.Inputs[j]] = InputTarget(j);
            }

            foreach (var node in kernel.Nodes)
            {
                string value = "v_" + node.Name;
                if (node == kernel.Output && !recomputeOutput)
                {
                    statements.Add(new ScalarStatement(value, ScalarExpr.Load("y"), false, null));
                }
                else
                {
                    var op = (ElementwiseOp)OpRegistry.Get(node.Op);
                    var operands = node.Inputs.Select(i => ScalarExpr.Variable(values[i])).ToList();
                    statements.Add(new ScalarStatement(value, op.Forward(node, operands, Parameters(node)), false, node.LayerPath ?? node.Label));
                }

                values[node.Id] = value;
            }

            return values;
        }

        private static ScalarArguments Parameters(GraphNode node) => name => ScalarExpr.Parameter(ParameterName(node, name));

        private static string Target(Kernel kernel, int nodeId)
        {
            int j = kernel.Inputs.IndexOf(nodeId);
            return j >= 0 ? InputTarget(j) : kernel.Nodes.First(n => n.Id == nodeId).Name;
        }

        private static string InputTarget(int j) => "in" + j;
    }
}
