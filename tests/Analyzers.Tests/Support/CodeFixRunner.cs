using System.Collections.Immutable;
using GraphGen.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GraphGen.Analyzers.Tests.Support;

/// <summary>
/// The Roslyn code-fix test pattern, before → after: the sources go into an <see cref="AdhocWorkspace"/> project
/// beside the generator's output (so the analyzers see the published facts), the one diagnostic is found, the fix's
/// action is applied, and every user document is compared with its expected text.
/// </summary>
public static class CodeFixRunner
{
    /// <summary>
    /// Applies action <paramref name="title"/> (a prefix of it) of <paramref name="fix"/> to the one diagnostic
    /// <paramref name="id"/> in <paramref name="before"/>, and asserts the documents read <paramref name="after"/>.
    /// </summary>
    public static async Task AssertFix(CodeFixProvider fix, string id, string title, string[] before, string[] after)
    {
        var (output, diagnostics) = AnalyzerRunner.Run(before);
        var generated = output.SyntaxTrees.Skip(before.Length).ToList();

        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Tests", LanguageNames.CSharp)
            .WithCompilationOptions(output.Options)
            .WithParseOptions((CSharpParseOptions)output.SyntaxTrees.First().Options)
            .WithMetadataReferences(output.References);
        var documents = new List<DocumentId>();
        for (int i = 0; i < before.Length; i++)
        {
            var document = project.AddDocument($"Source{i}.cs", SourceText.From(before[i]), filePath: $"Source{i}.cs");
            documents.Add(document.Id);
            project = document.Project;
        }

        for (int i = 0; i < generated.Count; i++) project = project.AddDocument($"Generated{i}.g.cs", generated[i].GetText()).Project;
        Assert.True(workspace.TryApplyChanges(project.Solution));

        var compilation = (await workspace.CurrentSolution.GetProject(project.Id)!.GetCompilationAsync())!;
        var found = (await compilation.WithAnalyzers(AnalyzerRunner.All).GetAnalyzerDiagnosticsAsync()).Where(d => d.Id == id).ToList();
        Assert.True(found.Count == 1, $"expected one {id}, got: {string.Join("; ", diagnostics)}");
        var diagnostic = found[0];
        var reportedIn = workspace.CurrentSolution.GetDocument(diagnostic.Location.SourceTree)!;

        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(reportedIn, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        var action = actions.SingleOrDefault(a => a.Title.StartsWith(title, StringComparison.Ordinal));
        Assert.True(action is not null, $"no action '{title}' among: {string.Join(", ", actions.Select(a => a.Title))}");
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;

        for (int i = 0; i < after.Length; i++)
            Assert.Equal(after[i], (await changed.GetDocument(documents[i])!.GetTextAsync()).ToString());
    }

    /// <summary>One source with <see cref="Markup.Header"/>, before and after.</summary>
    public static Task AssertFix(CodeFixProvider fix, string id, string title, string before, string after) =>
        AssertFix(fix, id, title, new[] { Markup.Header + before }, new[] { Markup.Header + after });
}
