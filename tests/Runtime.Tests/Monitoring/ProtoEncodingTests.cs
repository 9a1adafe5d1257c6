using GraphGen.Monitoring;

namespace GraphGen.Tests.Monitoring;

/// <summary>Byte-exact checks of the hand-written protobuf encoding against hand-derived wire bytes.</summary>
public class ProtoEncodingTests
{
    [Fact]
    public void ScalarEventHasTheWireBytesProtobufWouldWrite()
    {
        var w = new ProtoWriter();
        EventEncoder.ScalarEvent(w, wallTime: 1.5, step: 3, tag: "a", value: 2f);
        byte[] expected =
        [
            0x09, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, // wall_time = 1 (fixed64) 1.5
            0x10, 0x03,                          // step = 2 (varint) 3
            0x2A, 0x0A,                          // summary = 5 (length 10)
            0x0A, 0x08,                          //   value = 1 (length 8)
            0x0A, 0x01, (byte)'a',               //     tag = 1 "a"
            0x15, 0, 0, 0, 0x40,                 //     simple_value = 2 (fixed32) 2f
        ];
        Assert.Equal(expected, w.ToArray());
    }

    [Fact]
    public void FileVersionEventHasTheWireBytesProtobufWouldWrite()
    {
        var w = new ProtoWriter();
        EventEncoder.FileVersionEvent(w, wallTime: 2.0);
        byte[] expected = [0x09, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x1A, 13, .. "brain.Event:2"u8];
        Assert.Equal(expected, w.ToArray());
    }

    [Fact]
    public void ZeroScalarIsStillWrittenBecauseSimpleValueIsInAOneof()
    {
        var w = new ProtoWriter();
        EventEncoder.ScalarEvent(w, wallTime: 0, step: 0, tag: "z", value: 0f);
        // no wall_time or step (proto3 defaults), but simple_value 0 is present
        byte[] expected = [0x2A, 0x0A, 0x0A, 0x08, 0x0A, 0x01, (byte)'z', 0x15, 0, 0, 0, 0];
        Assert.Equal(expected, w.ToArray());
        var e = EventDecoder.Event(expected, 0);
        Assert.Equal(0f, Assert.Single(e.Summary!).SimpleValue);
    }

    [Fact]
    public void NestedMessagesLongerThan127BytesGetMultiByteLengths()
    {
        string text = string.Concat(Enumerable.Repeat("0123456789", 40)) + "é"; // 402 UTF-8 bytes
        var w = new ProtoWriter();
        EventEncoder.TextEvent(w, wallTime: 10, step: 5, tag: "notes", text);
        var e = EventDecoder.Event(w.WrittenSpan, 0);
        var value = Assert.Single(e.Summary!);
        Assert.Equal("notes/text_summary", value.Tag);
        Assert.Equal(text, Assert.Single(value.Tensor!.Strings));
        Assert.Equal(TensorValue.DTypeString, value.Tensor.DType);
        Assert.Equal([1L], value.Tensor.Shape);
        Assert.Equal("text", value.Metadata!.PluginName);
        Assert.Empty(value.Metadata.PluginContent);
    }

    [Fact]
    public void NegativeAndLargeStepsRoundTrip()
    {
        foreach (long step in new[] { -1L, long.MinValue, long.MaxValue, 1L << 40 })
        {
            var w = new ProtoWriter();
            EventEncoder.ScalarEvent(w, 1, step, "s", 1f);
            Assert.Equal(step, EventDecoder.Event(w.WrittenSpan, 0).Step);
        }
    }

    [Fact]
    public void HistogramFieldsArePackedDoubles()
    {
        var h = new HistogramValue(-1, 2, 3, 4, 5, [0.5, 1.0], [0, 3]);
        var w = new ProtoWriter();
        EventEncoder.HistogramEvent(w, 1, 1, "h", h);
        var bytes = w.ToArray();
        // bucket_limit = 6, wire type 2, 16 bytes: key 0x32 0x10
        Assert.Contains((0x32, 0x10), Pairs(bytes));
        Assert.Contains((0x3A, 0x10), Pairs(bytes));
        var decoded = EventDecoder.Event(bytes, 0).Summary![0].Histogram!;
        Assert.Equal((-1d, 2d, 3d, 4d, 5d), (decoded.Min, decoded.Max, decoded.Num, decoded.Sum, decoded.SumSquares));
        Assert.Equal([0.5, 1.0], decoded.BucketLimits);
        Assert.Equal([0d, 3d], decoded.BucketCounts);
    }

    [Fact]
    public void ReaderRejectsAFieldWithTheWrongWireType()
    {
        // wall_time (field 1) sent as a varint
        byte[] bad = [0x08, 0x01];
        var e = Assert.Throws<InvalidDataException>(() => EventDecoder.Event(bad, 0));
        Assert.Contains("field 1 has wire type Varint but Fixed64 was expected", e.Message);
    }

    [Fact]
    public void ReaderAcceptsUnpackedRepeatedDoubles()
    {
        // HistogramProto with bucket = 7 written as two separate fixed64 fields
        var w = new ProtoWriter();
        w.DoubleField(7, 1);
        w.DoubleField(7, 2);
        var outer = new ProtoWriter();
        int summary = outer.BeginMessage(5);
        int value = outer.BeginMessage(1);
        outer.BytesField(5, w.WrittenSpan);
        outer.EndMessage(value);
        outer.EndMessage(summary);
        var h = EventDecoder.Event(outer.WrittenSpan, 0).Summary![0].Histogram!;
        Assert.Equal([1d, 2d], h.BucketCounts);
    }

    private static IEnumerable<(int, int)> Pairs(byte[] bytes) =>
        bytes.Zip(bytes.Skip(1), (a, b) => ((int)a, (int)b));
}
