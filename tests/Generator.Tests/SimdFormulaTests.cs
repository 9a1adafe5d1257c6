using GraphGen.Generator.Emit;

namespace GraphGen.Generator.Tests;

/// <summary>SimdFormula: which scalar formulas have a vector form, and what it is.</summary>
public class SimdFormulaTests
{
    [Theory]
    [InlineData("in0 * 0.5f + in1", "in0 * 0.5f + in1")]
    [InlineData("global::System.MathF.Max(v_add_5, 0f)", "V.Max(v_add_5, 0f)")]
    [InlineData("(v_relu_6 > 0f ? g_relu_6 : 0f)", "V.Select(V.GreaterThan(v_relu_6, 0f), g_relu_6, 0f)")]
    [InlineData("1f / (1f + global::System.MathF.Exp(-in0))", "1f / (1f + V.Exp(-in0))")]
    [InlineData("(in0 > 0f ? in0 : act_alpha * (global::System.MathF.Exp(global::System.MathF.Min(in0, 0f)) - 1f))",
        "V.Select(V.GreaterThan(in0, 0f), in0, act_alpha * (V.Exp(V.Min(in0, 0f)) - 1f))")]
    [InlineData("a <= 1e-05f ? (b >= c ? b : c) : -g", "V.Select(V.LessThanOrEqual(a, 1e-05f), V.Select(V.GreaterThanOrEqual(b, c), b, c), -g)")]
    [InlineData("g_x * global::System.MathF.Sign(in0)", "g_x * V.Sign(in0)")]
    [InlineData("V.Load(x0, i)", "V.Load(x0, i)")]
    public void TranslatesFormulasWithAVectorForm(string scalar, string vector) => Assert.Equal(vector, SimdFormula.Expression(scalar));

    [Theory]
    [InlineData("global::System.MathF.Tanh(in0)")]
    [InlineData("global::GraphGen.Compiled.ScalarMath.Gelu(in0)")]
    [InlineData("(float)in0")]
    [InlineData("in0 == 0f ? a : b")]
    [InlineData("in0 > 0f")]
    [InlineData("x[i]")]
    [InlineData("global::System.Math.Exp(in0)")]
    public void RefusesFormulasWithoutOne(string scalar) => Assert.Null(SimdFormula.Expression(scalar));

    [Theory]
    [InlineData("float v_mul_4 = in0 * 0.5f; // h * 0.5", "var v_mul_4 = in0 * 0.5f; // h * 0.5")]
    [InlineData("g_in0 += g_mul_5 * in0;", "g_in0 += g_mul_5 * in0;")]
    [InlineData("if (!dx.IsEmpty) V.Store(g_in0, dx, i);", "if (!dx.IsEmpty) V.Store(g_in0, dx, i);")]
    public void TranslatesStatements(string scalar, string vector) => Assert.Equal(vector, SimdFormula.Statement(scalar));

    [Fact]
    public void RefusesOtherStatements() => Assert.Null(SimdFormula.Statement("y[i] = v_relu_6;"));
}
