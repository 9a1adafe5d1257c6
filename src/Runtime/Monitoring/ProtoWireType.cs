namespace GraphGen.Monitoring;

/// <summary>Protocol buffer wire types (the low three bits of a field key).</summary>
internal enum ProtoWireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}
