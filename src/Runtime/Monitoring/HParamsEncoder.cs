using System.Globalization;

namespace GraphGen.Monitoring;

/// <summary>
/// Builds the three HParamsPluginData contents PyTorch's <c>torch.utils.tensorboard.summary.hparams</c>
/// writes: the experiment (hyper-parameter names and types, metric tags), the session start (values)
/// and the session end (STATUS_SUCCESS). Field numbers are from tensorboard/plugins/hparams/api.proto
/// and plugin_data.proto; the version (0) is a proto3 default and so is not written.
/// </summary>
internal static class HParamsEncoder
{
    public const string PluginName = "hparams";
    public const string ExperimentTag = "_hparams_/experiment";
    public const string SessionStartTag = "_hparams_/session_start_info";
    public const string SessionEndTag = "_hparams_/session_end_info";

    private const int DataTypeString = 1, DataTypeBool = 2, DataTypeFloat64 = 3;
    private const int StatusSuccess = 1;

    /// <summary>A hyper-parameter value in one of the three kinds TensorBoard knows.</summary>
    internal readonly record struct HParam(string Name, int DataType, double Number, string? Text, bool Flag);

    /// <summary>
    /// Converts user values: numbers become float64, strings and bools keep their kind, null is skipped
    /// (as PyTorch skips None), one-element tensors become numbers. PyTorch files bools as numbers
    /// because Python's bool is an int; here they are bools, which the HParams tab shows as such.
    /// </summary>
    public static List<HParam> Convert(IReadOnlyDictionary<string, object?> hparams)
    {
        var list = new List<HParam>(hparams.Count);
        foreach (var (name, value) in hparams)
        {
            switch (value)
            {
                case null: continue;
                case bool b: list.Add(new HParam(name, DataTypeBool, 0, null, b)); break;
                case string s: list.Add(new HParam(name, DataTypeString, 0, s, false)); break;
                case Tensor t when t.NumEl == 1: list.Add(new HParam(name, DataTypeFloat64, t.Item<double>(), null, false)); break;
                case sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal or Half:
                    list.Add(new HParam(name, DataTypeFloat64, System.Convert.ToDouble(value, CultureInfo.InvariantCulture), null, false));
                    break;
                default:
                    throw new ArgumentException(
                        $"Hyper-parameter '{name}' has a value of type {value.GetType().Name} ({value}); expected a number, string, bool, one-element Tensor or null.",
                        nameof(hparams));
            }
        }
        return list;
    }

    public static byte[] Experiment(IReadOnlyList<HParam> hparams, IEnumerable<string> metricTags)
    {
        var w = new ProtoWriter();
        int experiment = w.BeginMessage(2);
        foreach (var hp in hparams)
        {
            int info = w.BeginMessage(4);
            w.StringField(1, hp.Name);
            w.VarintField(4, hp.DataType);
            w.EndMessage(info);
        }
        foreach (string tag in metricTags)
        {
            int metric = w.BeginMessage(5);
            int name = w.BeginMessage(1);
            if (tag.Length > 0) w.StringField(2, tag);
            w.EndMessage(name);
            w.EndMessage(metric);
        }
        w.EndMessage(experiment);
        return w.ToArray();
    }

    public static byte[] SessionStart(IReadOnlyList<HParam> hparams)
    {
        var w = new ProtoWriter();
        int start = w.BeginMessage(3);
        foreach (var hp in hparams)
        {
            int entry = w.BeginMessage(1);
            w.StringField(1, hp.Name);
            int value = w.BeginMessage(2);
            // google.protobuf.Value's kind is a oneof, so even 0, "" and false are written
            switch (hp.DataType)
            {
                case DataTypeFloat64: w.DoubleField(2, hp.Number); break;
                case DataTypeString: w.StringField(3, hp.Text!); break;
                default: w.VarintField(4, hp.Flag ? 1 : 0); break;
            }
            w.EndMessage(value);
            w.EndMessage(entry);
        }
        w.EndMessage(start);
        return w.ToArray();
    }

    public static byte[] SessionEnd()
    {
        var w = new ProtoWriter();
        int end = w.BeginMessage(4);
        w.VarintField(1, StatusSuccess);
        w.EndMessage(end);
        return w.ToArray();
    }
}
