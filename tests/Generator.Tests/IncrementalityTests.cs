using System.Reflection;
using GraphGen.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GraphGen.Generator.Tests;

/// <summary>
/// The pipeline caches: a second run with nothing changed reuses every step, an edit elsewhere regenerates
/// nothing, moving the module's code only re-reports diagnostics, and no Roslyn object sits in a model.
/// </summary>
public class IncrementalityTests
{
    private static readonly string[] s_steps =
        { TrackingNames.Parse, TrackingNames.Analyze, TrackingNames.Diagnostics, TrackingNames.Model, TrackingNames.Fuse, TrackingNames.Differentiate };

    /// <summary>The steps after analysis that carry the emit model, the kernel plan and the backward plan.</summary>
    private static readonly string[] s_planSteps = { TrackingNames.Model, TrackingNames.Fuse, TrackingNames.Differentiate };

    private const string Net = """
        using GraphGen;
        using GraphGen.Nn;

        namespace Demo;

        [Module]
        public partial class Net
        {
            private readonly Linear fc1 = new(3, 8);
            private readonly Linear fc2 = new(8, 2);
            private readonly Linear spare = new(2, 2);
            public Tensor Forward(Tensor x) => fc2.Call(F.Relu(fc1.Call(x)));
        }
        """;

    private const string Other = "namespace Demo; public static class Other { public static int Value => 1; }";

    [Fact]
    public void ASecondRunReusesEveryStep()
    {
        var compilation = Compiler.Compilation(Net, Other);
        var driver = Compiler.Driver().RunGenerators(compilation);
        var result = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        AssertSteps(result, s_steps, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(result, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void AnEditToAnUnrelatedFileRegeneratesNothing()
    {
        var compilation = Compiler.Compilation(Net, Other);
        var driver = Compiler.Driver().RunGenerators(compilation);
        var other = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        var edited = compilation.ReplaceSyntaxTree(other, other.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Other.Replace("=> 1", "=> 2"))));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertSteps(result, s_steps, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(result, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void MovingTheModulesCodeReportsDiagnosticsAgainButRegeneratesNoSource()
    {
        var compilation = Compiler.Compilation(Net, Other);
        var driver = Compiler.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        var moved = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Net.Replace("[Module]", "// moved down a line\n[Module]"))));
        var result = driver.RunGenerators(moved).GetRunResult().Results.Single();

        // The spare layer's GG0301 warning moved with the code: its diagnostics are new, the emit model is not.
        AssertSteps(result, new[] { TrackingNames.Diagnostics }, IncrementalStepRunReason.Modified);
        AssertSteps(result, s_planSteps, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        var sourceOutputs = result.TrackedOutputSteps.SelectMany(s => s.Value).Where(IsSourceStep).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(sourceOutputs);
        Assert.All(sourceOutputs, o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.Contains(result.Diagnostics, d => d.Id == "GG0301" && d.Location.GetLineSpan().StartLinePosition.Line == 11);
    }

    [Fact]
    public void AChangeToTheModuleRegeneratesIt()
    {
        var compilation = Compiler.Compilation(Net, Other);
        var driver = Compiler.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        var changed = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Net.Replace("new(8, 2)", "new(8, 4)"))));
        var result = driver.RunGenerators(changed).GetRunResult().Results.Single();
        AssertSteps(result, s_planSteps, IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void EditingAChildModulesFileRegeneratesTheParentThatInlinesIt()
    {
        const string child = """
            using GraphGen;
            using GraphGen.Nn;

            namespace Demo;

            [Module]
            public partial class Block
            {
                private readonly Linear fc = new(4, 4);
                public Tensor Forward(Tensor x) => F.Relu(fc.Call(x));
            }
            """;
        const string parent = """
            using GraphGen;
            using GraphGen.Nn;

            namespace Demo;

            [Module]
            public partial class Parent
            {
                private readonly Block block = new();
                public Tensor Forward(Tensor x) => block.Call(x);
            }
            """;
        var compilation = Compiler.Compilation(parent, child);
        var driver = Compiler.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(child.Replace("F.Relu", "F.Tanh"))));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var parentCpu = result.GeneratedSources.Single(s => s.HintName == "Demo.Parent.Cpu.g.cs").SourceText.ToString();
        Assert.Contains("Activation.Tanh", parentCpu);
    }

    [Fact]
    public void ModelsHoldNoRoslynObjects()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(IOperation), typeof(SyntaxTree), typeof(SyntaxToken), typeof(SyntaxTrivia), typeof(Diagnostic) };
        var generator = typeof(ModuleGenerator).Assembly;
        var roots = new[] { "GraphGen.Generator.Model.ParseResult", "GraphGen.Generator.Emit.AnalysisResult", "GraphGen.Generator.Emit.ModuleEmitModel", "GraphGen.Generator.Emit.ModulePlan" }
            .Select(n => generator.GetType(n, throwOnError: true)!);
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(roots);
        while (queue.Count > 0)
        {
            var type = queue.Dequeue();
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum) continue;
            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
            if (type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true)
            {
                // Plain position data is allowed: where a diagnostic goes, kept as values.
                Assert.Contains(type.Name, new[] { "TextSpan", "LinePositionSpan", "LinePosition" });
                continue;
            }

            if (type.IsGenericType) foreach (var a in type.GetGenericArguments()) queue.Enqueue(a);
            if (type.Namespace?.StartsWith("GraphGen", StringComparison.Ordinal) != true) continue;
            Assert.True(type.GetMethod("Equals", new[] { type }) is not null, $"{type.Name} must have structural equality (a record or EquatableArray)");
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                if (p.GetIndexParameters().Length == 0) queue.Enqueue(p.PropertyType);
        }

        Assert.Contains(seen, t => t.Name == "GraphNode");
        Assert.Contains(seen, t => t.Name == "LocationInfo");
        Assert.Contains(seen, t => t.Name == "BackwardStep");
    }

    /// <summary>The output that adds source files (the other one reports diagnostics): it reads the planned module.</summary>
    private static bool IsSourceStep(IncrementalGeneratorRunStep step) => step.Inputs.Any(i => i.Source.Name == TrackingNames.Differentiate);

    private static void AssertSteps(GeneratorRunResult result, IEnumerable<string> names, params IncrementalStepRunReason[] allowed)
    {
        foreach (var name in names)
        {
            Assert.True(result.TrackedSteps.TryGetValue(name, out var steps), $"step {name} did not run");
            foreach (var output in steps.SelectMany(s => s.Outputs))
                Assert.True(allowed.Contains(output.Reason), $"{name}: {output.Reason}, expected {string.Join(" or ", allowed)}");
        }
    }

    private static void AssertOutputs(GeneratorRunResult result, params IncrementalStepRunReason[] allowed)
    {
        foreach (var output in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
            Assert.True(allowed.Contains(output.Reason), $"output: {output.Reason}");
    }
}
