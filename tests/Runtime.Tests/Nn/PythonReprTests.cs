using GraphGen.Nn;

namespace GraphGen.Tests.Nn;

public class PythonReprTests
{
    [Theory]
    [InlineData(0.3, "0.3")]
    [InlineData(0.5, "0.5")]
    [InlineData(1.0, "1.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.01, "0.01")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    public void FloatsPrintAsPythonRepr(double value, string expected) => Assert.Equal(expected, PythonRepr.Float(value));

    [Fact]
    public void AFloat32ValuePrintsAsWritten()
    {
        Assert.Equal("0.3", PythonRepr.Float(0.3f));
        Assert.Equal("Dropout(p=0.3, inplace=False)", new Dropout(0.3f).ToString());
        Assert.Equal("ELU(alpha=1.0)", new ELU().ToString());
    }
}
