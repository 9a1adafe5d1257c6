using System.Reflection;
using Module = GraphGen.Nn.Module;
using GraphGen.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Tests.Differential;

/// <summary>
/// A differential test of random modules (how issue #17's bugs were found): batches of randomly written, valid
/// [Module] classes are generated and compiled in one compilation with no diagnostic, the assembly is loaded, and
/// for each module the compiled Call gives its eager Forward's output and, after one backward, the same gradient
/// for every parameter and input. The seeds are fixed, so a failure names a module that fails the same way again.
/// </summary>
public class DifferentialTests
{
    private const double RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-5;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomModulesCompileAndTheirCallMatchesTheirForward(int batch)
    {
        var modules = Enumerable.Range(batch * 40, 40).Select(seed => new RandomModule(seed)).ToList();
        var outcome = Compiler.Run(modules.Select(m => Markup.Header + m.Source).ToArray());
        Assert.True(outcome.GeneratorDiagnostics.IsEmpty, Describe(outcome.GeneratorDiagnostics, modules));
        Assert.True(outcome.CompileErrors.IsEmpty, Describe(outcome.CompileErrors, modules));

        var assembly = Load(outcome.Output);
        foreach (var m in modules)
        {
            var type = assembly.GetType("Demo." + m.Name)!;
            try
            {
                CallMatchesForward(type, m);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{m.Name} ({string.Join(", ", m.Arguments)}):\n{m.Source}\n{e}");
            }
        }
    }

    private static void CallMatchesForward(Type type, RandomModule m)
    {
        Tensor.ManualSeed(3);
        var net = (Module)Activator.CreateInstance(type, m.Arguments)!;
        var forward = type.GetMethod("Forward")!;
        int rows = 1 + (m.Name.Length % 5);
        var shapes = m.SecondFeatures is { } second ? new[] { new[] { rows, m.Features }, new[] { rows, second } } : new[] { new[] { rows, m.Features } };
        var generator = new RandomGenerator(11);
        var inputs = shapes.Select(s => Tensor.Randn(s, generator)).ToArray();

        var (eager, eagerGrads) = Run(net, x => (Tensor)forward.Invoke(net, x)!, inputs);
        var (compiled, compiledGrads) = Run(net, x => x.Length == 1 ? net.Call(x[0]) : (Tensor)type.GetMethod("Call", [typeof(Tensor), typeof(Tensor)])!.Invoke(net, x)!, inputs);
        AssertClose(eager, compiled, "output");
        foreach (var (name, expected) in eagerGrads)
        {
            // A layer whose result Forward never returns gets no gradient, eagerly or compiled.
            Assert.True((expected is null) == (compiledGrads[name] is null), $"gradient of {name}: eager {expected is not null}, compiled {compiledGrads[name] is not null}");
            if (expected is not null) AssertClose(expected, compiledGrads[name]!, "gradient of " + name);
        }
    }

    private static (Tensor Output, Dictionary<string, Tensor?> Grads) Run(Module net, Func<Tensor[], Tensor> run, Tensor[] inputs)
    {
        net.ZeroGrad();
        var leaves = inputs.Select(t => t.Clone().RequiresGrad_()).ToArray();
        var output = run(leaves);
        var upstream = Tensor.Randn(output.Shape.ToArray(), new RandomGenerator(5));
        (output * upstream).Sum().Backward();
        var grads = net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad?.Clone());
        for (int i = 0; i < leaves.Length; i++) grads["input" + i] = leaves[i].Grad?.Clone();
        return (output.Detach(), grads);
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.True(expected.Shape.Equals(actual.Shape), $"{what}: shape {actual.Shape}, expected {expected.Shape}");
        var e = expected.ToArray<float>();
        var a = actual.ToArray<float>();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= AbsoluteTolerance + RelativeTolerance * Math.Abs(e[i]), $"{what}: element {i} is {a[i]:R}, expected {e[i]:R}");
    }

    private static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        return Assembly.Load(stream.ToArray());
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics, List<RandomModule> modules)
    {
        var list = diagnostics.Take(5).ToList();
        var sources = list.Select(d => d.Location.SourceTree?.FilePath).Distinct()
            .Select(path => path is not null && path.StartsWith("Source", StringComparison.Ordinal) && int.TryParse(path[6..^3], out int i) ? modules[i].Source : "");
        return string.Join("\n", list) + "\n" + string.Join("\n", sources);
    }
}
