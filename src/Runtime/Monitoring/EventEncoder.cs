using System.Text;

namespace GraphGen.Monitoring;

/// <summary>
/// Encodes Event messages (tensorboard/compat/proto/event.proto, summary.proto, histogram.proto,
/// tensor.proto) into a <see cref="ProtoWriter"/>, fields in number order with proto3 defaults left
/// out, except members of a oneof (file_version, summary, simple_value), which are always written.
/// </summary>
internal static class EventEncoder
{
    public const string FileVersion = "brain.Event:2";

    // Event
    private const int WallTimeField = 1, StepField = 2, FileVersionField = 3, GraphDefField = 4, SummaryField = 5;
    // Summary and Summary.Value
    private const int ValueField = 1, TagField = 1, SimpleValueField = 2, HistoField = 5, TensorField = 8, MetadataField = 9;
    // SummaryMetadata and its PluginData
    private const int PluginDataField = 1, PluginNameField = 1, PluginContentField = 2;

    public static void FileVersionEvent(ProtoWriter w, double wallTime)
    {
        BeginEvent(w, wallTime, step: null);
        w.StringField(FileVersionField, FileVersion);
    }

    public static void ScalarEvent(ProtoWriter w, double wallTime, long? step, string tag, float value)
    {
        BeginEvent(w, wallTime, step);
        int summary = w.BeginMessage(SummaryField);
        int v = BeginValue(w, tag);
        w.FloatField(SimpleValueField, value);
        w.EndMessage(v);
        w.EndMessage(summary);
    }

    public static void HistogramEvent(ProtoWriter w, double wallTime, long? step, string tag, HistogramValue h)
    {
        BeginEvent(w, wallTime, step);
        int summary = w.BeginMessage(SummaryField);
        int v = BeginValue(w, tag);
        int histo = w.BeginMessage(HistoField);
        DoubleUnlessZero(w, 1, h.Min);
        DoubleUnlessZero(w, 2, h.Max);
        DoubleUnlessZero(w, 3, h.Num);
        DoubleUnlessZero(w, 4, h.Sum);
        DoubleUnlessZero(w, 5, h.SumSquares);
        w.PackedDoublesField(6, AsSpan(h.BucketLimits));
        w.PackedDoublesField(7, AsSpan(h.BucketCounts));
        w.EndMessage(histo);
        w.EndMessage(v);
        w.EndMessage(summary);
    }

    /// <summary>
    /// The text plugin's format, as PyTorch's <c>summary.text</c> writes it: tag "&lt;tag&gt;/text_summary",
    /// a DT_STRING tensor of shape [1], plugin "text" with TextPluginData(version=0), which encodes to no bytes.
    /// </summary>
    public static void TextEvent(ProtoWriter w, double wallTime, long? step, string tag, string text)
    {
        BeginEvent(w, wallTime, step);
        int summary = w.BeginMessage(SummaryField);
        int v = BeginValue(w, tag + "/text_summary");
        int tensor = w.BeginMessage(TensorField);
        w.VarintField(1, TensorValue.DTypeString);
        int shape = w.BeginMessage(2);
        int dim = w.BeginMessage(2);
        w.VarintField(1, 1);
        w.EndMessage(dim);
        w.EndMessage(shape);
        w.BytesField(8, Encoding.UTF8.GetBytes(text));
        w.EndMessage(tensor);
        WriteMetadata(w, "text", []);
        w.EndMessage(v);
        w.EndMessage(summary);
    }

    /// <summary>A value that is only plugin metadata (how the hparams plugin stores its records).</summary>
    public static void PluginEvent(ProtoWriter w, double wallTime, long? step, string tag, string pluginName, ReadOnlySpan<byte> content)
    {
        BeginEvent(w, wallTime, step);
        int summary = w.BeginMessage(SummaryField);
        int v = BeginValue(w, tag);
        WriteMetadata(w, pluginName, content);
        w.EndMessage(v);
        w.EndMessage(summary);
    }

    /// <summary>An event whose graph_def is a serialized GraphDef (<see cref="GraphDefEncoder"/>), as TensorBoard's Graphs tab reads it.</summary>
    public static void GraphEvent(ProtoWriter w, double wallTime, ReadOnlySpan<byte> graphDef)
    {
        BeginEvent(w, wallTime, step: null);
        w.BytesField(GraphDefField, graphDef);
    }

    private static void BeginEvent(ProtoWriter w, double wallTime, long? step)
    {
        w.Clear();
        DoubleUnlessZero(w, WallTimeField, wallTime);
        if (step is { } s && s != 0) w.VarintField(StepField, s);
    }

    private static int BeginValue(ProtoWriter w, string tag)
    {
        int v = w.BeginMessage(ValueField);
        if (tag.Length > 0) w.StringField(TagField, tag);
        return v;
    }

    private static void WriteMetadata(ProtoWriter w, string pluginName, ReadOnlySpan<byte> content)
    {
        int metadata = w.BeginMessage(MetadataField);
        int plugin = w.BeginMessage(PluginDataField);
        if (pluginName.Length > 0) w.StringField(PluginNameField, pluginName);
        if (!content.IsEmpty) w.BytesField(PluginContentField, content);
        w.EndMessage(plugin);
        w.EndMessage(metadata);
    }

    /// <summary>proto3 leaves out a double whose bits are all zero (so -0.0 is still written).</summary>
    private static void DoubleUnlessZero(ProtoWriter w, int field, double value)
    {
        if (BitConverter.DoubleToInt64Bits(value) != 0) w.DoubleField(field, value);
    }

    private static ReadOnlySpan<double> AsSpan(IReadOnlyList<double> values) =>
        values is double[] array ? array : values.ToArray();
}
