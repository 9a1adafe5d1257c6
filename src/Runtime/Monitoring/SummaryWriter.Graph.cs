using GraphGen.Interop;
using GraphGen.Nn;

namespace GraphGen.Monitoring;

public sealed partial class SummaryWriter
{
    /// <summary>
    /// The module's compiled graph, for TensorBoard's Graphs tab (PyTorch's <c>add_graph</c>, without tracing: the
    /// generator already holds the graph). One node per op, named by module path (<c>block1/fc1</c>) so TensorBoard
    /// groups each child module, with its op as in the generated shape table, its inputs and parameters, and its
    /// inferred shape as attributes (<c>_output_shapes</c> with -1 for the batch; the symbolic <c>shape</c>).
    /// </summary>
    /// <exception cref="NotSupportedException"><paramref name="module"/> is not a [Module] class with a compiled Forward.</exception>
    public void AddGraph(Module module, double? wallTime = null)
    {
        var graph = CompiledGraph.Of(module, "SummaryWriter.AddGraph");
        byte[] graphDef = GraphDefEncoder.Encode(graph, module.StateDict());
        _main.Enqueue(new QueuedEvent(QueuedEventKind.Graph, wallTime ?? UnixTime.Now(), null, null, 0, graphDef));
    }
}
