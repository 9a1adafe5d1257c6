namespace GraphGen.Monitoring;

/// <summary>Decodes Event payloads into GraphGen's records; unknown fields are skipped, as protobuf requires.</summary>
internal static class EventDecoder
{
    public static TensorBoardEvent Event(ReadOnlySpan<byte> payload, long offset)
    {
        double wallTime = 0;
        long step = 0;
        string? fileVersion = null;
        List<SummaryValue>? summary = null;
        byte[]? graphDef = null;
        var r = new ProtoReader(payload, "Event");
        while (r.Next(out int field))
        {
            switch (field)
            {
                case 1: wallTime = r.ReadDouble(); break;
                case 2: step = r.ReadInt64(); break;
                case 3: fileVersion = r.ReadString(); break;
                case 4: graphDef = r.ReadBytes().ToArray(); break;
                case 5: summary = Summary(r.ReadBytes()); break;
                default: r.Skip(); break;
            }
        }
        return new TensorBoardEvent(offset, wallTime, step, fileVersion, summary, graphDef);
    }

    private static List<SummaryValue> Summary(ReadOnlySpan<byte> data)
    {
        var values = new List<SummaryValue>();
        var r = new ProtoReader(data, "Summary");
        while (r.Next(out int field))
        {
            if (field == 1) values.Add(Value(r.ReadBytes()));
            else r.Skip();
        }
        return values;
    }

    private static SummaryValue Value(ReadOnlySpan<byte> data)
    {
        string tag = "";
        float? simple = null;
        HistogramValue? histogram = null;
        TensorValue? tensor = null;
        SummaryMetadataValue? metadata = null;
        var r = new ProtoReader(data, "Summary.Value");
        while (r.Next(out int field))
        {
            switch (field)
            {
                case 1: tag = r.ReadString(); break;
                case 2: simple = r.ReadFloat(); break;
                case 5: histogram = Histogram(r.ReadBytes()); break;
                case 8: tensor = Tensor(r.ReadBytes()); break;
                case 9: metadata = Metadata(r.ReadBytes()); break;
                default: r.Skip(); break;
            }
        }
        return new SummaryValue(tag, simple, histogram, tensor, metadata);
    }

    private static HistogramValue Histogram(ReadOnlySpan<byte> data)
    {
        double min = 0, max = 0, num = 0, sum = 0, sumSquares = 0;
        var limits = new List<double>();
        var counts = new List<double>();
        var r = new ProtoReader(data, "HistogramProto");
        while (r.Next(out int field))
        {
            switch (field)
            {
                case 1: min = r.ReadDouble(); break;
                case 2: max = r.ReadDouble(); break;
                case 3: num = r.ReadDouble(); break;
                case 4: sum = r.ReadDouble(); break;
                case 5: sumSquares = r.ReadDouble(); break;
                case 6: r.ReadDoubles(limits); break;
                case 7: r.ReadDoubles(counts); break;
                default: r.Skip(); break;
            }
        }
        return new HistogramValue(min, max, num, sum, sumSquares, limits, counts);
    }

    private static TensorValue Tensor(ReadOnlySpan<byte> data)
    {
        int dtype = 0;
        var shape = new List<long>();
        var strings = new List<byte[]>();
        var r = new ProtoReader(data, "TensorProto");
        while (r.Next(out int field))
        {
            switch (field)
            {
                case 1: dtype = r.ReadInt32(); break;
                case 2: Shape(r.ReadBytes(), shape); break;
                case 8: strings.Add(r.ReadBytes().ToArray()); break;
                default: r.Skip(); break;
            }
        }
        return new TensorValue(dtype, shape, strings);
    }

    /// <summary>TensorShapeProto: repeated Dim dim = 2, each Dim {int64 size = 1; string name = 2}.</summary>
    private static void Shape(ReadOnlySpan<byte> data, List<long> shape)
    {
        var r = new ProtoReader(data, "TensorShapeProto");
        while (r.Next(out int field))
        {
            if (field != 2) { r.Skip(); continue; }
            long size = 0;
            var dim = new ProtoReader(r.ReadBytes(), "TensorShapeProto.Dim");
            while (dim.Next(out int dimField))
            {
                if (dimField == 1) size = dim.ReadInt64();
                else dim.Skip();
            }
            shape.Add(size);
        }
    }

    private static SummaryMetadataValue Metadata(ReadOnlySpan<byte> data)
    {
        string pluginName = "", displayName = "", description = "";
        byte[] content = [];
        int dataClass = 0;
        var r = new ProtoReader(data, "SummaryMetadata");
        while (r.Next(out int field))
        {
            switch (field)
            {
                case 1:
                    var plugin = new ProtoReader(r.ReadBytes(), "SummaryMetadata.PluginData");
                    while (plugin.Next(out int pluginField))
                    {
                        if (pluginField == 1) pluginName = plugin.ReadString();
                        else if (pluginField == 2) content = plugin.ReadBytes().ToArray();
                        else plugin.Skip();
                    }
                    break;
                case 2: displayName = r.ReadString(); break;
                case 3: description = r.ReadString(); break;
                case 4: dataClass = r.ReadInt32(); break;
                default: r.Skip(); break;
            }
        }
        return new SummaryMetadataValue(pluginName, content, displayName, description, dataClass);
    }
}
