using System.Buffers.Binary;
using System.Text;

namespace GraphGen.Monitoring;

/// <summary>
/// A hand-written protocol buffer encoder for the few TensorBoard messages GraphGen writes. Callers
/// write fields in field-number order and skip proto3 defaults themselves, so the bytes match what
/// Python's protobuf produces. Nested messages reserve five bytes for their length and are shifted
/// into place when they end, so encoding allocates nothing once the buffer has grown.
/// </summary>
internal sealed class ProtoWriter
{
    private const int ReservedLengthBytes = 5; // a varint of up to 2^35 - 1

    private byte[] _buffer = new byte[256];
    private int _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Key(int field, ProtoWireType wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    public void Varint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_length++] = (byte)value;
    }

    /// <summary>int32, int64, enum and bool fields: negative values take ten bytes, as protobuf specifies.</summary>
    public void VarintField(int field, long value)
    {
        Key(field, ProtoWireType.Varint);
        Varint((ulong)value);
    }

    public void DoubleField(int field, double value)
    {
        Key(field, ProtoWireType.Fixed64);
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void FloatField(int field, float value)
    {
        Key(field, ProtoWireType.Fixed32);
        Ensure(4);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void BytesField(int field, ReadOnlySpan<byte> value)
    {
        Key(field, ProtoWireType.LengthDelimited);
        Varint((ulong)value.Length);
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    public void StringField(int field, string value)
    {
        Key(field, ProtoWireType.LengthDelimited);
        int byteCount = Encoding.UTF8.GetByteCount(value);
        Varint((ulong)byteCount);
        Ensure(byteCount);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    /// <summary>A packed repeated double field; nothing at all when empty (proto3).</summary>
    public void PackedDoublesField(int field, ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return;
        Key(field, ProtoWireType.LengthDelimited);
        Varint((ulong)values.Length * 8);
        Ensure(values.Length * 8);
        foreach (double v in values)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), v);
            _length += 8;
        }
    }

    /// <summary>Starts a nested message field; pass the returned mark to <see cref="EndMessage"/>.</summary>
    public int BeginMessage(int field)
    {
        Key(field, ProtoWireType.LengthDelimited);
        Ensure(ReservedLengthBytes);
        int mark = _length;
        _length += ReservedLengthBytes;
        return mark;
    }

    public void EndMessage(int mark)
    {
        int contentStart = mark + ReservedLengthBytes;
        int contentLength = _length - contentStart;
        int lengthBytes = VarintSize((ulong)contentLength);
        int at = mark;
        ulong v = (ulong)contentLength;
        while (v >= 0x80)
        {
            _buffer[at++] = (byte)(v | 0x80);
            v >>= 7;
        }
        _buffer[at] = (byte)v;
        int shift = ReservedLengthBytes - lengthBytes;
        if (shift > 0)
        {
            _buffer.AsSpan(contentStart, contentLength).CopyTo(_buffer.AsSpan(mark + lengthBytes));
            _length -= shift;
        }
    }

    private static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80) { value >>= 7; size++; }
        return size;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }
}
