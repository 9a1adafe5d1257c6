using System.Text;
using GraphGen.Serialization;

namespace GraphGen.Tests.Serialization;

/// <summary>Hand-crafted malformed files: each must be refused with a message naming the problem, before any large allocation.</summary>
public sealed class SafetensorsHostileInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("graphgen-st-bad-").FullName;
    private int _count;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Raw(byte[] bytes)
    {
        var path = Path.Combine(_dir, $"f{_count++}.safetensors");
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private string File(string header, int dataBytes, long? declaredLength = null) => File(Encoding.UTF8.GetBytes(header), new byte[dataBytes], declaredLength);

    private string File(byte[] header, byte[] data, long? declaredLength = null)
        => Raw([.. BitConverter.GetBytes(declaredLength ?? header.Length), .. header, .. data]);

    private static string Refused(string path)
    {
        var e = Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(path));
        Assert.Contains(path, e.Message);
        return e.Message;
    }

    private const string OneF32 = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    [Fact]
    public void AWellFormedHandMadeFileLoads()
    {
        var path = File(Encoding.UTF8.GetBytes(OneF32), [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f)]);
        Assert.Equal([1.5f, -2f], Safetensors.Load(path)["w"].ToArray<float>());
        Assert.Empty(Safetensors.Load(File("{}", 0)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void FileShorterThanTheLengthPrefix(int length)
        => Assert.Contains($"{length} bytes long, shorter than the 8-byte header length", Refused(Raw(new byte[length])));

    [Fact]
    public void HeaderLengthPastTheEndOfTheFile()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var message = Refused(File(OneF32, 8, declaredLength: 50_000_000));
        Assert.Contains("header length 50000000 goes past the end of the file", message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "no allocation of the declared header size");
    }

    [Fact]
    public void HeaderLengthOverTheLimit()
    {
        Assert.Contains("over the 100000000-byte limit", Refused(File(OneF32, 8, declaredLength: 100_000_001)));
        Assert.Contains("over the 100000000-byte limit", Refused(File(OneF32, 8, declaredLength: -1))); // 2^64 - 1
    }

    [Fact]
    public void InvalidJson() => Assert.Contains("not valid JSON", Refused(File("{\"w\":{\"dtype\":", 0)));

    [Fact]
    public void InvalidUtf8()
    {
        var header = Encoding.UTF8.GetBytes("{\"w\xFF\":{}}".Replace('\xFF', '?'));
        header[3] = 0xFF;
        Assert.Contains("not valid UTF-8", Refused(File(header, [])));
    }

    [Fact]
    public void HeaderThatIsNotAnObject() => Assert.Contains("must be a JSON object", Refused(File("[1, 2]", 0)));

    [Fact]
    public void UnknownDType()
    {
        var message = Refused(File("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2));
        Assert.Contains("tensor 'w' has dtype 'F8_E4M3'", message);
        Assert.Contains("F32, F64, I64, I32, BOOL", message);
    }

    [Fact]
    public void ShapeDisagreesWithByteCount()
    {
        var message = Refused(File("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8));
        Assert.Contains("tensor 'w' has shape [3] and dtype F32, which need 12 bytes, but data_offsets [0, 8] span 8", message);
    }

    [Theory]
    [InlineData("[-1]", "shape entry 0 = -1")]
    [InlineData("[2, 1.5]", "shape entry 1 = 1.5")]
    [InlineData("[\"2\"]", "shape entry 0 = \"2\"")]
    [InlineData("[4294967296]", "dimension 0 of size 4294967296")]
    [InlineData("[65536, 65536]", "element count overflows")]
    [InlineData("[2147483647, 2147483647, 2147483647, 2147483647]", "element count overflows")]
    public void BadShapes(string shape, string expected)
        => Assert.Contains(expected, Refused(File($"{{\"w\":{{\"dtype\":\"F32\",\"shape\":{shape},\"data_offsets\":[0,8]}}}}", 8)));

    [Fact]
    public void OffsetsOutOfRange()
    {
        Assert.Contains("data_offsets [0, 16] past the end of the data section (8 bytes)",
            Refused(File("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8)));
        Assert.Contains("end before begin", Refused(File("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8)));
        Assert.Contains("offsets must be non-negative integers", Refused(File("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", 8)));
        Assert.Contains("offsets must be non-negative integers", Refused(File("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,18446744073709551615]}}", 8)));
        Assert.Contains("'data_offsets' as an array [begin, end]", Refused(File("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", 8)));
    }

    [Fact]
    public void OverlappingOffsets()
    {
        var message = Refused(File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        Assert.Contains("tensor 'b' (data_offsets [4, 12]) overlaps tensor 'a', which ends at 8", message);
    }

    [Fact]
    public void HolesInTheDataSection()
    {
        Assert.Contains("hole: bytes 8..12 belong to no tensor (before tensor 'b')",
            Refused(File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16)));
        Assert.Contains("hole: bytes 0..4", Refused(File("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8)));
        Assert.Contains("cover only 8; bytes 8..12 belong to no tensor", Refused(File(OneF32, 12)));
    }

    [Fact]
    public void DuplicateKeys()
    {
        Assert.Contains("the key 'w' twice",
            Refused(File("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8)));
        Assert.Contains("twice", Refused(File("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", 0)));
    }

    [Fact]
    public void MalformedEntriesAndMetadata()
    {
        Assert.Contains("has no string 'dtype'", Refused(File("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4)));
        Assert.Contains("has no 'shape' array", Refused(File("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4)));
        Assert.Contains("tensor 'w' must be described by an object", Refused(File("{\"w\":3}", 0)));
        Assert.Contains("'__metadata__' entry 'n' must be a string", Refused(File("{\"__metadata__\":{\"n\":1}}", 0)));
    }

    [Fact]
    public void BoolBytesOtherThanZeroOrOne()
        => Assert.Contains("BOOL tensor 'm' has byte 2 at element 1",
            Refused(File(Encoding.UTF8.GetBytes("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[0,3]}}"), [1, 2, 0])));

    [Fact]
    public void HugeShapeWithTinyDataIsRefusedWithoutAllocating()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("need 4000000000 bytes", Refused(File("{\"w\":{\"dtype\":\"F64\",\"shape\":[500000000],\"data_offsets\":[0,8]}}", 8)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }
}
