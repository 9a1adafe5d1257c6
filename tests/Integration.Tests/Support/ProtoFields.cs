using System.Text;

namespace GraphGen.Integration.Support;

/// <summary>
/// A protobuf message read field by field, independently of the writer under test: each field's number with its
/// varint value or its bytes (length-delimited), in file order. Enough to check a GraphDef against graph.proto.
/// </summary>
public sealed class ProtoFields
{
    private readonly List<(int Field, ulong Varint, byte[]? Bytes)> _fields = [];

    public ProtoFields(ReadOnlySpan<byte> data)
    {
        int at = 0;
        while (at < data.Length)
        {
            ulong key = ReadVarint(data, ref at);
            int field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    _fields.Add((field, ReadVarint(data, ref at), null));
                    break;
                case 2:
                    int length = (int)ReadVarint(data, ref at);
                    _fields.Add((field, 0, data.Slice(at, length).ToArray()));
                    at += length;
                    break;
                default:
                    throw new InvalidDataException($"wire type {key & 7} of field {field} is not expected here");
            }
        }
    }

    /// <summary>The embedded messages of a repeated message field.</summary>
    public IEnumerable<ProtoFields> Messages(int field) => _fields.Where(f => f.Field == field).Select(f => new ProtoFields(f.Bytes!));

    public ProtoFields Message(int field) => Messages(field).Single();

    public IEnumerable<string> Strings(int field) => _fields.Where(f => f.Field == field).Select(f => Encoding.UTF8.GetString(f.Bytes!));

    public string String(int field) => Strings(field).Single();

    public IEnumerable<long> Varints(int field) => _fields.Where(f => f.Field == field).Select(f => (long)f.Varint);

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
