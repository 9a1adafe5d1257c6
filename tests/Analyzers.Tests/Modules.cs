namespace GraphGen.Analyzers.Tests;

/// <summary>[Module] classes the analyzer tests use, each a second source beside the code under test.</summary>
public static class Modules
{
    private const string Usings = "using GraphGen;\nusing GraphGen.Nn;\n\nnamespace Demo;\n\n";

    /// <summary>A module whose last layer is <paramref name="last"/> (after a Linear producing 3 features).</summary>
    public static string EndingIn(string last, string name = "Net") => Usings + $$"""
        [Module]
        public partial class {{name}}
        {
            private readonly Sequential pipe = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3){{(last.Length == 0 ? "" : ", " + last)}});

            public Tensor Forward(Tensor x) => pipe.Call(x);
        }
        """;

    public static readonly string Logits = EndingIn("");

    public static readonly string Softmax = EndingIn("new Softmax(dim: 1)");

    public static readonly string Sigmoid = EndingIn("new Sigmoid()");

    public static readonly string LogSoftmax = EndingIn("new LogSoftmax(dim: 1)");

    /// <summary>A module with Dropout, which behaves differently in evaluation.</summary>
    public static readonly string WithDropout = EndingIn("new Dropout(0.2)");

    /// <summary>Two layers whose sizes are constructor parameters that must agree: hidden == 8.</summary>
    public static readonly string Constrained = Usings + """
        [Module]
        public partial class Block
        {
            private readonly Linear fc1;
            private readonly Linear fc2;

            public Block(int inputs, int hidden)
            {
                fc1 = new Linear(inputs, hidden);
                fc2 = new Linear(8, 2);
            }

            public Tensor Forward(Tensor x) => fc2.Call(F.Relu(fc1.Call(x)));
        }
        """;
}
