using GraphGen.Generator.Emit;
using GraphGen.Generator.Graph.Scalar;
using static GraphGen.Generator.Graph.Scalar.ScalarExpr;

namespace GraphGen.Generator.Tests;

/// <summary>The scalar IR and its three renderers: CPU scalar, CPU SIMD over V, GPU (ILGPU kernel bodies).</summary>
public class ScalarRendererTests
{
    private static readonly ScalarExpr In0 = Variable("in0"), In1 = Variable("in1"), G = Variable("g_x"), Y = Variable("v_y");

    private const string MathF = "global::System.MathF.";
    private const string GpuMath = "global::GraphGen.Kernels.Gpu.GpuMath.";

    private static readonly (ScalarExpr Expression, string Cpu, string? Simd, string Gpu)[] Expressions =
    {
        (In0 * 0.5 + In1, "in0 * 0.5f + in1", "in0 * 0.5f + in1", "in0 * 0.5f + in1"),
        (Max(In0, 0), $"{MathF}Max(in0, 0f)", "V.Max(in0, 0f)", $"{MathF}Max(in0, 0f)"),
        (Where(Y > 0, G, 0), "(v_y > 0f ? g_x : 0f)", "V.Select(V.GreaterThan(v_y, 0f), g_x, 0f)", "(v_y > 0f ? g_x : 0f)"),
        (1 / (1 + Exp(-In0)), $"1f / (1f + {MathF}Exp(-in0))", "1f / (1f + V.Exp(-in0))", $"1f / (1f + {GpuMath}Exp(-in0))"),
        (
            Where(In0 > 0, In0, Parameter("act_alpha") * (Exp(Min(In0, 0)) - 1)),
            $"(in0 > 0f ? in0 : act_alpha * ({MathF}Exp({MathF}Min(in0, 0f)) - 1f))",
            "V.Select(V.GreaterThan(in0, 0f), in0, act_alpha * (V.Exp(V.Min(in0, 0f)) - 1f))",
            $"(in0 > 0f ? in0 : args.act_alpha * ({GpuMath}Exp({MathF}Min(in0, 0f)) - 1f))"
        ),
        (
            Where(In0 <= 1e-5, Where(In1 >= Y, In1, Y), -G),
            "(in0 <= 1E-05f ? (in1 >= v_y ? in1 : v_y) : -g_x)",
            "V.Select(V.LessThanOrEqual(in0, 1E-05f), V.Select(V.GreaterThanOrEqual(in1, v_y), in1, v_y), -g_x)",
            "(in0 <= 1E-05f ? (in1 >= v_y ? in1 : v_y) : -g_x)"
        ),
        (G * Sign(In0), $"g_x * {MathF}Sign(in0)", "g_x * V.Sign(in0)", $"g_x * {GpuMath}Sign(in0)"),
        (Tanh(In0), $"{MathF}Tanh(in0)", null, $"{GpuMath}Tanh(in0)"),
        (
            G * Call(MathFunction.GeluTanhDerivative, In0),
            "g_x * global::GraphGen.Kernels.Cpu.ScalarMath.GeluTanhDerivative(in0)", null, $"g_x * {GpuMath}GeluTanhDerivative(in0)"
        ),
        (Load("x0") + Load("y"), "x0[i] + y[i]", "V.Load(x0, i) + V.Load(y, i)", "args.x0[i] + args.y[i]"),
    };

    [Fact]
    public void RendersEachBackendsForm()
    {
        foreach (var (expression, cpu, simd, gpu) in Expressions)
        {
            Assert.Equal(cpu, CpuScalarRenderer.Instance.Render(expression));
            Assert.Equal(simd, SimdRenderer.Instance.Render(expression));
            Assert.Equal(gpu, GpuScalarRenderer.Instance.Render(expression));
        }
    }

    [Fact]
    public void ParenthesizesByPrecedenceOnly()
    {
        var a = Variable("a");
        var b = Variable("b");
        var c = Variable("c");
        Assert.Equal("-g_x * a / (b * b)", CpuScalarRenderer.Instance.Render(-G * a / (b * b)));
        Assert.Equal("a - (b - c)", CpuScalarRenderer.Instance.Render(a - (b - c)));
        Assert.Equal("a - b - c", CpuScalarRenderer.Instance.Render(a - b - c));
        Assert.Equal("(a + b) * c", CpuScalarRenderer.Instance.Render((a + b) * c));
        Assert.Equal("g_x * (1f - v_y * v_y)", CpuScalarRenderer.Instance.Render(G * (1 - Y * Y)));
        Assert.Equal("-(-a)", CpuScalarRenderer.Instance.Render(-(-a)));
        Assert.Equal("a - -1f", CpuScalarRenderer.Instance.Render(a - -1.0));
        Assert.Equal("-(a + b)", CpuScalarRenderer.Instance.Render(-(a + b)));
    }

    [Fact]
    public void CpuAndGpuHaveEveryFunction()
    {
        foreach (MathFunction f in System.Enum.GetValues(typeof(MathFunction)))
        {
            var call = Call(f, In0, In1);
            Assert.NotNull(CpuScalarRenderer.Instance.Render(call));
            Assert.NotNull(GpuScalarRenderer.Instance.Render(call));
        }
    }

    [Fact]
    public void ExpressionsAreComparedByValue()
    {
        var first = G * Where(In0 > 0, In0, 0.2 * Exp(In0));
        var second = Variable("g_x") * Where(Variable("in0") > 0, Variable("in0"), 0.2 * Exp(Variable("in0")));
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, G * Where(In0 >= 0, In0, 0.2 * Exp(In0)));
    }

    [Fact]
    public void WritesStatementsWithEachBackendsLocals()
    {
        var program = new ScalarProgram(
            new[]
            {
                new ScalarStatement("in0", Load("x"), false, null),
                new ScalarStatement("v_mul_4", In0 * 0.5, false, "h * 0.5"),
                new ScalarStatement("g_in0", G * In0, true, null),
            },
            "v_mul_4",
            System.Array.Empty<GradientStore>());
        Assert.Equal(new[] { "float in0 = x[i];", "float v_mul_4 = in0 * 0.5f; // h * 0.5", "g_in0 += g_x * in0;" }, CpuScalarRenderer.Instance.Statements(program));
        Assert.Equal(new[] { "var in0 = V.Load(x, i);", "var v_mul_4 = in0 * 0.5f; // h * 0.5", "g_in0 += g_x * in0;" }, SimdRenderer.Instance.Statements(program));
        Assert.Equal(new[] { "float in0 = args.x[i];", "float v_mul_4 = in0 * 0.5f; // h * 0.5", "g_in0 += g_x * in0;" }, GpuScalarRenderer.Instance.Statements(program));
    }

    [Fact]
    public void AProgramWithoutAVectorFormHasNoSimdStatements()
    {
        var program = new ScalarProgram(new[] { new ScalarStatement("v", Tanh(In0), false, null) }, "v", System.Array.Empty<GradientStore>());
        Assert.Null(SimdRenderer.Instance.Statements(program));
        Assert.Throws<System.InvalidOperationException>(() => SimdRenderer.Instance.AllStatements(program));
    }
}
