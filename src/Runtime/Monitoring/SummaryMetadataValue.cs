namespace GraphGen.Monitoring;

/// <summary>TensorBoard's SummaryMetadata: which plugin reads a value, and how to show it.</summary>
/// <param name="PluginName">PluginData.plugin_name, e.g. "text" or "hparams"; empty when absent.</param>
/// <param name="PluginContent">PluginData.content: the plugin's own serialized message.</param>
/// <param name="DataClass">TensorBoard's DataClass enum (0 unknown, 1 scalar, 2 tensor, 3 blob sequence).</param>
public sealed record SummaryMetadataValue(
    string PluginName,
    byte[] PluginContent,
    string DisplayName,
    string SummaryDescription,
    int DataClass);
