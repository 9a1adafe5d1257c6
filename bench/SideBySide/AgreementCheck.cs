namespace GraphGen.Bench.SideBySide;

/// <summary>
/// Checks once per model that the compiled [Module] and the eager Sequential train alike: both start from
/// the same parameters, take the same SGD steps on the same batch, and their losses after each step are
/// compared. The fused kernels sum in a different order, so they agree to float32 rounding, not bit for bit.
/// </summary>
public static class AgreementCheck
{
    /// <summary>Relative loss difference above which a row is flagged: far above float32 rounding over a few steps.</summary>
    private const double Tolerance = 1e-4;

    public static void Run(IReadOnlyList<ModelSpec> models, TextWriter output, TextWriter progress)
    {
        if (models.Count == 0) return;
        output.WriteLine("### Agreement: loss of GraphGen eager and GraphGen compiled from the same initial parameters, after each SGD step");
        output.WriteLine();
        var table = new MarkdownTable("model, batch, loss", "steps", "eager losses", "compiled losses", "max relative difference", "agree");
        foreach (var model in models)
        {
            progress.WriteLine($"[agreement] {model} ...");
            int steps = model.ForwardFlops > 1e9 ? 2 : 5;
            var eager = new EagerMlp(model);
            var compiled = new CompiledMlp(model);
            var eagerLosses = new List<float> { eager.Loss() };
            var compiledLosses = new List<float> { compiled.Loss() };
            for (int i = 0; i < steps; i++)
            {
                eager.Step();
                compiled.Step();
                eagerLosses.Add(eager.Loss());
                compiledLosses.Add(compiled.Loss());
            }
            double maxRelative = eagerLosses.Zip(compiledLosses)
                .Max(p => Math.Abs(p.First - p.Second) / Math.Max(Math.Abs(p.First), 1e-12));
            table.AddRow(model.ToString(), steps.ToString(), Losses(eagerLosses), Losses(compiledLosses),
                $"{maxRelative:0.0e+0}", maxRelative <= Tolerance ? "yes" : $"**no** (tolerance {Tolerance:0e+0})");
        }
        output.WriteLine(table);
        output.WriteLine("Losses listed from before the first step to after the last, 1 thread.");
        output.WriteLine();
    }

    private static string Losses(IEnumerable<float> losses) => string.Join(" → ", losses.Select(l => l.ToString("0.000000")));
}
