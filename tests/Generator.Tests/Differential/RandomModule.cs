using System.Globalization;
using System.Text;

namespace GraphGen.Generator.Tests.Differential;

/// <summary>
/// A randomly written, valid [Module] class over the constructs the README allows: Linear layers (widths as
/// constants or constructor parameters), activations as layers, F functions and methods, sums and products of
/// same-width values, scalars, views that fold rows with -1 and unfold them again, Softmax/LogSoftmax, and a
/// second input. <see cref="Source"/> is its C# text; <see cref="Arguments"/> its constructor arguments.
/// </summary>
public sealed class RandomModule
{
    private static readonly string[] s_activations =
    [
        "F.Relu({0})", "{0}.Tanh()", "F.Sigmoid({0})", "F.Gelu({0})", "{0}.LeakyRelu(0.1)", "F.Elu({0}, 0.7)",
    ];

    private readonly Random _random;
    private readonly StringBuilder _fields = new();
    private readonly StringBuilder _body = new();
    private readonly List<(string Name, int Width)> _values = [];
    private readonly List<(string Name, int Value)> _parameters = [];
    private int _layers, _locals;

    public RandomModule(int seed)
    {
        _random = new Random(seed);
        Name = "M" + seed.ToString(CultureInfo.InvariantCulture);
        Features = _random.Next(2, 7);
        _values.Add(("x", Features));
        if (_random.Next(3) == 0)
        {
            // A second input, mapped to x's width and added, so that it is always read.
            SecondFeatures = _random.Next(2, 7);
            string mapped = Linear(("y", SecondFeatures.Value), Features);
            Local($"x + {mapped}", Features);
        }

        int steps = _random.Next(2, 9);
        for (int i = 0; i < steps; i++) Step();
        Output();
    }

    public string Name { get; }

    /// <summary>The features of input x; y's, when Forward takes a second input.</summary>
    public int Features { get; }

    public int? SecondFeatures { get; }

    public object[] Arguments => _parameters.Select(p => (object)p.Value).ToArray();

    public string Source
    {
        get
        {
            string parameters = _parameters.Count == 0 ? "" : "(" + string.Join(", ", _parameters.Select(p => "int " + p.Name)) + ")";
            string inputs = SecondFeatures is null ? "Tensor x" : "Tensor x, Tensor y";
            return $$"""
                [Module]
                public partial class {{Name}}{{parameters}}
                {
                {{_fields}}
                    public Tensor Forward({{inputs}})
                    {
                {{_body}}    }
                }

                """;
        }
    }

    private void Step()
    {
        switch (_random.Next(7))
        {
            case 0 or 1: Linear(); break;
            case 2: Activation(); break;
            case 3: Binary(); break;
            case 4: Scalar(); break;
            case 5: FoldRows(); break;
            default: Softmax(); break;
        }
    }

    private (string Name, int Width) Pick() => _values[_random.Next(_values.Count)];

    private string Local(string expression, int width)
    {
        string name = "h" + (_locals++).ToString(CultureInfo.InvariantCulture);
        _body.AppendLine($"        var {name} = {expression};");
        _values.Add((name, width));
        return name;
    }

    private string Linear((string Name, int Width)? from = null, int? width = null)
    {
        var input = from ?? Pick();
        int output = width ?? _random.Next(2, 9);
        string field = "fc" + (++_layers).ToString(CultureInfo.InvariantCulture);
        string outText = output.ToString(CultureInfo.InvariantCulture);
        if (_random.Next(4) == 0)
        {
            outText = "w" + _layers.ToString(CultureInfo.InvariantCulture);
            _parameters.Add((outText, output));
        }

        _fields.AppendLine($"    private readonly Linear {field} = new({input.Width}, {outText});");
        return Local($"{field}.Call({input.Name})", output);
    }

    private void Activation()
    {
        var v = Pick();
        if (_random.Next(3) == 0)
        {
            string field = "act" + (++_layers).ToString(CultureInfo.InvariantCulture);
            string layer = new[] { "ReLU()", "Tanh()", "Sigmoid()", "GELU()" }[_random.Next(4)];
            _fields.AppendLine($"    private readonly {layer.Substring(0, layer.Length - 2)} {field} = new();");
            Local($"{field}.Call({v.Name})", v.Width);
            return;
        }

        Local(string.Format(CultureInfo.InvariantCulture, s_activations[_random.Next(s_activations.Length)], v.Name), v.Width);
    }

    private void Binary()
    {
        var a = Pick();
        var same = _values.Where(v => v.Width == a.Width).ToList();
        var b = same[_random.Next(same.Count)];
        string op = new[] { "+", "-", "*" }[_random.Next(3)];
        Local($"{a.Name} {op} {b.Name}", a.Width);
    }

    private void Scalar()
    {
        var v = Pick();
        string expression = _random.Next(3) switch
        {
            0 => $"{v.Name} * 0.5f",
            1 => $"2f * {v.Name} + 1f",
            _ => $"{v.Name} / 4f - {v.Name}",
        };
        Local(expression, v.Width);
    }

    /// <summary>[B, w] as rows of a divisor of w (a -1 the compiled code may only know at run time), an op, and back to [B, w].</summary>
    private void FoldRows()
    {
        var v = Pick();
        var divisors = Enumerable.Range(1, v.Width).Where(d => v.Width % d == 0).ToList();
        int d = divisors[_random.Next(divisors.Count)];
        string inner = _random.Next(2) == 0 ? $"{v.Name}.View(-1, {d}).Tanh()" : $"{v.Name}.View(-1, {d}).Softmax(-1)";
        Local($"{inner}.View(x.Size(0), -1)", v.Width);
    }

    private void Softmax()
    {
        var v = Pick();
        Local(_random.Next(2) == 0 ? $"{v.Name}.Softmax(-1)" : $"F.LogSoftmax({v.Name}, 1)", v.Width);
    }

    /// <summary>The last value, through a final Linear so that every module ends in parameters.</summary>
    private void Output()
    {
        string result = Linear(_values[^1]);
        _body.AppendLine($"        return {result};");
    }
}
