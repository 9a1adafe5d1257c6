using Google.Protobuf;
using GraphGen.Interop.OnnxProto;
using GraphGen.Nn;

namespace GraphGen.Interop;

/// <summary>
/// Writes a compiled [Module] as an ONNX model: the graph the generator compiled (no tracing, no sample input), in eval
/// mode (Dropout removed), its parameters as initializers named by their state-dict keys, its inputs named after
/// Forward's parameters with a symbolic batch dimension <c>B</c>. Every node's ONNX form comes from its op's lowering
/// in the generator (src/Generator/Ops), carried in the module's <see cref="CompiledGraph"/>.
/// </summary>
/// <example>
/// <code>
/// GraphGen.Interop.Onnx.Export(net, "model.onnx");   // then: onnxruntime.InferenceSession("model.onnx")
/// </code>
/// </example>
public static class Onnx
{
    /// <summary>The opset the models import (the default ONNX domain): opset 20, for Gelu and ReduceMean's axes input.</summary>
    public const int Opset = 20;

    /// <summary>The IR version that goes with <see cref="Opset"/>.</summary>
    public const int IrVersion = 9;

    /// <summary>Writes <paramref name="module"/> as an ONNX model to <paramref name="path"/>.</summary>
    /// <exception cref="NotSupportedException">The module has no compiled graph, or one of its ops has no ONNX form (the message names the op and the node).</exception>
    public static void Export(Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var model = ToModel(module);
        const string doing = "Onnx.Export: writing";
        IO.FileErrors.RefuseDirectory(path, doing);
        try
        {
            using var stream = File.Create(path);
            model.WriteTo(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw IO.FileErrors.Describe(e, path, doing);
        }
    }

    /// <summary>The ONNX model of <paramref name="module"/>, serialized (what <see cref="Export"/> writes).</summary>
    public static byte[] ToBytes(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return ToModel(module).ToByteArray();
    }

    internal static ModelProto ToModel(Module module)
    {
        var graph = CompiledGraph.Of(module, "ONNX export");
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "GraphGen",
            ProducerVersion = typeof(Onnx).Assembly.GetName().Version?.ToString() ?? "",
            Graph = new OnnxGraphBuilder(graph, module.StateDict()).Build(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }
}
