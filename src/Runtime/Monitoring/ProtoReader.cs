using System.Buffers.Binary;
using System.Text;

namespace GraphGen.Monitoring;

/// <summary>
/// Reads protocol buffer fields from a span. Each read checks the field's wire type, so a field
/// encoded differently from TensorBoard's protos is reported as bad data rather than misread.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _message;
    private int _position;
    private int _field;
    private ProtoWireType _wireType;

    public ProtoReader(ReadOnlySpan<byte> data, string message)
    {
        _data = data;
        _message = message;
    }

    public ProtoWireType WireType => _wireType;

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next(out int field)
    {
        if (_position >= _data.Length)
        {
            field = 0;
            return false;
        }
        ulong key = ReadRawVarint();
        _field = (int)(key >> 3);
        _wireType = (ProtoWireType)(key & 7);
        if (_field <= 0) throw Bad($"field number {_field} is not valid");
        field = _field;
        return true;
    }

    public ulong ReadVarint()
    {
        Expect(ProtoWireType.Varint);
        return ReadRawVarint();
    }

    public long ReadInt64() => (long)ReadVarint();

    public int ReadInt32() => (int)(long)ReadVarint();

    public double ReadDouble()
    {
        Expect(ProtoWireType.Fixed64);
        return BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
    }

    public float ReadFloat()
    {
        Expect(ProtoWireType.Fixed32);
        return BinaryPrimitives.ReadSingleLittleEndian(Take(4));
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        Expect(ProtoWireType.LengthDelimited);
        ulong length = ReadRawVarint();
        if (length > (ulong)(_data.Length - _position))
            throw Bad($"field {_field} claims {length} bytes but only {_data.Length - _position} remain");
        return Take((int)length);
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>A repeated double field, packed (the proto3 default) or one value per key.</summary>
    public void ReadDoubles(List<double> into)
    {
        if (_wireType == ProtoWireType.Fixed64)
        {
            into.Add(ReadDouble());
            return;
        }
        var packed = ReadBytes();
        if (packed.Length % 8 != 0)
            throw Bad($"packed double field {_field} is {packed.Length} bytes long, not a multiple of 8");
        for (int i = 0; i < packed.Length; i += 8) into.Add(BinaryPrimitives.ReadDoubleLittleEndian(packed[i..]));
    }

    /// <summary>Repeated int64 (packed or not).</summary>
    public void ReadInt64s(List<long> into)
    {
        if (_wireType == ProtoWireType.Varint)
        {
            into.Add(ReadInt64());
            return;
        }
        var inner = new ProtoReader(ReadBytes(), _message);
        while (inner._position < inner._data.Length) into.Add((long)inner.ReadRawVarint());
    }

    public void Skip()
    {
        switch (_wireType)
        {
            case ProtoWireType.Varint: ReadRawVarint(); break;
            case ProtoWireType.Fixed64: Take(8); break;
            case ProtoWireType.Fixed32: Take(4); break;
            case ProtoWireType.LengthDelimited: ReadBytes(); break;
            default: throw Bad($"field {_field} has wire type {(int)_wireType}, which TensorBoard messages never use");
        }
    }

    private void Expect(ProtoWireType expected)
    {
        if (_wireType != expected)
            throw Bad($"field {_field} has wire type {_wireType} but {expected} was expected");
    }

    private ulong ReadRawVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length) throw Bad("a varint runs past the end of the message");
            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw Bad("a varint is longer than 10 bytes");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
            throw Bad($"field {_field} needs {count} bytes but only {_data.Length - _position} remain");
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    private InvalidDataException Bad(string what) =>
        new($"Malformed {_message} protobuf at byte {_position}: {what}.");
}
