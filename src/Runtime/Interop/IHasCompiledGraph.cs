namespace GraphGen.Interop;

/// <summary>
/// A module whose Forward the generator compiled: it carries its static graph as data (<see cref="CompiledGraph"/>).
/// Every [Module] class with a compiled Forward implements it (in its generated <c>{Type}.Graph.g.cs</c>);
/// <see cref="Onnx.Export"/> and <see cref="Monitoring.SummaryWriter.AddGraph"/> read it.
/// </summary>
public interface IHasCompiledGraph
{
    /// <summary>The compiled graph in eval mode, with the sizes this instance was built with.</summary>
    CompiledGraph CompiledGraph { get; }
}
