using GraphGen.Generator.Tests.Support;

namespace GraphGen.Generator.Tests;

/// <summary>
/// Forms of Forward that must compile: no diagnostic, a compiled Cpu file, and generated code that compiles.
/// A form that silently loses its compiled Call (no file and no diagnostic) fails here.
/// </summary>
public class ForwardFormTests
{
    private const string Block = """
        [Module]
        public partial class Block
        {
            private readonly Linear fc = new(6, 6);
            public Tensor Forward(Tensor x) => F.Relu(fc.Call(x)) + x;
        }

        [Module]
        public partial class Pair
        {
            private readonly Linear left = new(6, 6);
            public Tensor Forward(Tensor a, Tensor b) => left.Call(a) * b;
        }

        """;

    [Theory]
    [InlineData("return fc.Call(x.View(x.Size(0), -1));")]
    [InlineData("return fc.Call(x.View(-1, 6));")]
    [InlineData("return fc.Call(x.Reshape(x.Shape[0], 6));")]
    [InlineData("int batch = x.Size(0); return fc.Call(x.View(batch, -1));")]
    [InlineData("return fc.Call(x.View(new[] { -1, 6 }));")]
    [InlineData("return fc.Call(x.View([x.Size(0), 2 * 3]));")]
    [InlineData("return fc.Call(x.Flatten(1));")]
    [InlineData("var h = fc.Call(x); return h.View(h.Size(0), 2, -1).Sum(-1);")]
    [InlineData("var h = fc.Call(x); return h.View(h.Size(0) * h.Size(1));")]
    [InlineData("var h = fc.Call(x); return h.View(-1, h.Shape[^1]);")]
    [InlineData("return block.Call(x) + x;")]
    [InlineData("return -block.Call(x) * 0.5f;")]
    [InlineData("return block.Call(x).Relu().Sum(1);")]
    [InlineData("var h = block.Call(x); return fc.Call(h.View(h.Size(0), -1));")]
    [InlineData("return fc.Call(block.Call(block.Forward(x)));")]
    [InlineData("return pair.Call(x, block.Call(x));")]
    [InlineData("return pipe[0].Call(x) + pipe[-1].Call(x) + pipe.Forward(x);")]
    [InlineData("var first = pipe[0]; return first.Call(fc.Forward(x));")]
    [InlineData("return ((Sequential)nested[1])[0].Call(nested[0].Call(x));")]
    [InlineData("return fc.Call(x).Elu(0.5) + F.Elu(x) + x.Dropout(0.2, Training);")]
    [InlineData("return fc.Call(x) * Scale + 2 * x - x / Divisor;")]
    public void Compiles(string body)
    {
        string source = Markup.Header + Block + $$"""
            [Module]
            public partial class Net
            {
                private const int Divisor = 2;
                private static readonly float Scale = 0.5f;
                private static readonly int Width = 6;
                private readonly Linear fc = new(Width, 6);
                private readonly Block block = new();
                private readonly Pair pair = new();
                private readonly Sequential pipe = new(new Linear(6, 6), new Block());
                private readonly Sequential nested = new(new Linear(6, 6), new Sequential(new Tanh()));

                public Tensor Forward(Tensor x)
                {
                    {{body}}
                }
            }
            """;
        var outcome = Compiler.Run(source);
        var errors = outcome.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Contains(outcome.Files, f => f.HintName == "Demo.Net.Cpu.g.cs");
        Assert.True(outcome.CompileErrors.IsEmpty, string.Join("\n", outcome.CompileErrors));
    }
}
