using GraphGen.Generator.Tests.Support;

namespace GraphGen.Generator.Tests;

public class DumpTests
{
    [Fact]
    public void Dump()
    {
        var dir = Environment.GetEnvironmentVariable("GRAPHGEN_DUMP");
        if (dir is null) return;
        Directory.CreateDirectory(dir);
        var outcome = Compiler.Run(Samples.All);
        foreach (var (hint, text) in outcome.Files) File.WriteAllText(Path.Combine(dir, hint), text);
    }
}

public class DebugTests
{
    [Fact]
    public void Debug()
    {
        var name = Environment.GetEnvironmentVariable("GRAPHGEN_DEBUG");
        if (name is null) return;
        var outcome = Compiler.Run(Samples.All);
        foreach (var d in outcome.Diagnostics) Console.WriteLine(d);
        var parse = outcome.Result.Results[0].TrackedSteps["GraphGen.Parse"];
        foreach (var step in parse)
        foreach (var o in step.Outputs)
            if (o.Value.ToString()!.Contains(name)) Console.WriteLine(o.Value);
    }
}

public class OperationDumpTests
{
    [Fact]
    public void DumpOperations()
    {
        var name = Environment.GetEnvironmentVariable("GRAPHGEN_OPS");
        if (name is null) return;
        var compilation = Compiler.Compilation(Samples.All);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var m in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
            {
                if (m.Identifier.Text != "Forward" || !tree.ToString().Contains("class " + name)) continue;
                var op = model.GetOperation(m);
                void Walk(Microsoft.CodeAnalysis.IOperation o, int depth)
                {
                    Console.WriteLine(new string(' ', depth * 2) + o.Kind + " " + o.GetType().Name + " : " + o.Syntax.ToString().Replace("\n", " ").Substring(0, Math.Min(60, o.Syntax.ToString().Length)));
                    foreach (var c in o.ChildOperations) Walk(c, depth + 1);
                }
                if (op is not null) Walk(op, 0);
            }
        }
    }
}
