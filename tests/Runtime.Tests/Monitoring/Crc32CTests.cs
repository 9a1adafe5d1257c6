using System.Text;
using GraphGen.Monitoring;

namespace GraphGen.Tests.Monitoring;

public class Crc32CTests
{
    // RFC 3720 (iSCSI) appendix B.4 test vectors, and the usual "123456789" check value.
    public static TheoryData<string, byte[], uint> Vectors => new()
    {
        { "check string", Encoding.ASCII.GetBytes("123456789"), 0xE3069283u },
        { "32 zeros", new byte[32], 0x8A9136AAu },
        { "32 x 0xFF", Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43u },
        { "ascending 0..31", Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794Eu },
        { "descending 31..0", Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5Cu },
        { "empty", [], 0u },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void MatchesPublishedVectors(string name, byte[] data, uint expected)
    {
        Assert.True(expected == Crc32C.Compute(data), name);
    }

    /// <summary>The definition, one bit at a time: the reference for the 8-byte steps and the tail.</summary>
    private static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        return ~crc;
    }

    [Fact]
    public void MatchesTheBitwiseDefinitionOnEveryLengthAndAlignment()
    {
        var random = new Random(7);
        var data = new byte[300];
        random.NextBytes(data);
        for (int start = 0; start < 9; start++)
            for (int length = 0; start + length <= data.Length; length += 13)
            {
                var span = data.AsSpan(start, length);
                Assert.Equal(BitwiseCrc32C(span), Crc32C.Compute(span));
            }
    }

    [Fact]
    public void MaskedCrcIsTensorFlowsRotationPlusDelta()
    {
        // crc32c("123456789") = 0xE3069283; rotate right by 15, add 0xa282ead8 (TensorFlow's crc32c::Mask)
        uint crc = 0xE3069283u;
        uint expected = unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
        Assert.Equal(expected, TfRecordFormat.MaskedCrc(Encoding.ASCII.GetBytes("123456789")));
    }
}
