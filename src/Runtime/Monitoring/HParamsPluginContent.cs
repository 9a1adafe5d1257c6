namespace GraphGen.Monitoring;

/// <summary>
/// A decoded HParamsPluginData message (the content of a summary whose plugin is "hparams"):
/// the experiment (which hyper-parameters and metrics exist), a session's start (the values), or
/// its end (the status).
/// </summary>
/// <param name="Version">The plugin data version; TensorBoard reads only 0.</param>
/// <param name="Kind">Which part is set: <see cref="ExperimentKind"/>, <see cref="SessionStartKind"/> or <see cref="SessionEndKind"/>.</param>
/// <param name="HParamInfos">Experiment: each hyper-parameter's name and DataType (1 string, 2 bool, 3 float64).</param>
/// <param name="MetricTags">Experiment: the scalar tag of each metric.</param>
/// <param name="SessionHParams">Session start: each value as a double, string or bool.</param>
/// <param name="SessionStatus">Session end: Status (1 is STATUS_SUCCESS).</param>
public sealed record HParamsPluginContent(
    int Version,
    string Kind,
    IReadOnlyList<(string Name, int DataType)> HParamInfos,
    IReadOnlyList<string> MetricTags,
    IReadOnlyDictionary<string, object?> SessionHParams,
    int SessionStatus)
{
    /// <summary>The record that declares the hyperparameters and metrics of an experiment.</summary>
    public const string ExperimentKind = "experiment";
    /// <summary>The record of one run's hyperparameter values.</summary>
    public const string SessionStartKind = "session_start_info";
    /// <summary>The record of how one run ended.</summary>
    public const string SessionEndKind = "session_end_info";

    /// <summary>Decodes a serialized HParamsPluginData (tensorboard/plugins/hparams/plugin_data.proto).</summary>
    public static HParamsPluginContent Parse(ReadOnlySpan<byte> content)
    {
        int version = 0, status = 0;
        string kind = "";
        var infos = new List<(string, int)>();
        var metrics = new List<string>();
        var values = new Dictionary<string, object?>();
        var r = new ProtoReader(content, "HParamsPluginData");
        while (r.Next(out int field))
        {
            switch (field)
            {
                case 1: version = r.ReadInt32(); break;
                case 2: kind = ExperimentKind; ReadExperiment(r.ReadBytes(), infos, metrics); break;
                case 3: kind = SessionStartKind; ReadSessionStart(r.ReadBytes(), values); break;
                case 4: kind = SessionEndKind; status = ReadSessionEndStatus(r.ReadBytes()); break;
                default: r.Skip(); break;
            }
        }
        return new HParamsPluginContent(version, kind, infos, metrics, values, status);
    }

    private static void ReadExperiment(ReadOnlySpan<byte> data, List<(string, int)> infos, List<string> metrics)
    {
        var r = new ProtoReader(data, "Experiment");
        while (r.Next(out int field))
        {
            if (field == 4) infos.Add(ReadHParamInfo(r.ReadBytes()));
            else if (field == 5) metrics.Add(ReadMetricTag(r.ReadBytes()));
            else r.Skip();
        }
    }

    private static (string, int) ReadHParamInfo(ReadOnlySpan<byte> data)
    {
        string name = "";
        int type = 0;
        var r = new ProtoReader(data, "HParamInfo");
        while (r.Next(out int field))
        {
            if (field == 1) name = r.ReadString();
            else if (field == 4) type = r.ReadInt32();
            else r.Skip();
        }
        return (name, type);
    }

    private static string ReadMetricTag(ReadOnlySpan<byte> metricInfo)
    {
        string tag = "";
        var r = new ProtoReader(metricInfo, "MetricInfo");
        while (r.Next(out int field))
        {
            if (field != 1) { r.Skip(); continue; }
            var name = new ProtoReader(r.ReadBytes(), "MetricName");
            while (name.Next(out int nameField))
            {
                if (nameField == 2) tag = name.ReadString();
                else name.Skip();
            }
        }
        return tag;
    }

    private static void ReadSessionStart(ReadOnlySpan<byte> data, Dictionary<string, object?> values)
    {
        var r = new ProtoReader(data, "SessionStartInfo");
        while (r.Next(out int field))
        {
            if (field != 1) { r.Skip(); continue; }
            // map<string, google.protobuf.Value> entries are messages {key = 1, value = 2}
            var entry = new ProtoReader(r.ReadBytes(), "SessionStartInfo.HparamsEntry");
            string key = "";
            object? value = null;
            while (entry.Next(out int entryField))
            {
                if (entryField == 1) key = entry.ReadString();
                else if (entryField == 2) value = ReadStructValue(entry.ReadBytes());
                else entry.Skip();
            }
            values[key] = value;
        }
    }

    /// <summary>google.protobuf.Value: null_value 1, number_value 2, string_value 3, bool_value 4.</summary>
    private static object? ReadStructValue(ReadOnlySpan<byte> data)
    {
        object? value = null;
        var r = new ProtoReader(data, "google.protobuf.Value");
        while (r.Next(out int field))
        {
            switch (field)
            {
                case 2: value = r.ReadDouble(); break;
                case 3: value = r.ReadString(); break;
                case 4: value = r.ReadVarint() != 0; break;
                default: r.Skip(); break;
            }
        }
        return value;
    }

    private static int ReadSessionEndStatus(ReadOnlySpan<byte> data)
    {
        int status = 0;
        var r = new ProtoReader(data, "SessionEndInfo");
        while (r.Next(out int field))
        {
            if (field == 1) status = r.ReadInt32();
            else r.Skip();
        }
        return status;
    }
}
