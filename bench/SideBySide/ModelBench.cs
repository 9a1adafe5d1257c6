namespace GraphGen.Bench.SideBySide;

/// <summary>
/// Times every column on every model, for each thread count, in training and inference, and prints
/// the Markdown tables. Columns run interleaved per (threads, model) so machine noise hits them alike.
/// </summary>
public sealed class ModelBench(IReadOnlyList<RunnerColumn> columns, IReadOnlyList<IBenchModel> models,
    IReadOnlyList<int> threadCounts, CallTimer timer)
{
    private sealed record Cell(Measurement? Train, Measurement? Infer, float LossBefore, float LossAfter, string? Error);

    private readonly Dictionary<(int Threads, IBenchModel Model, string Column), Cell> _cells = [];

    public void Run(TextWriter output, TextWriter progress)
    {
        foreach (int threads in threadCounts)
        {
            ThreadCount.Set(threads);
            foreach (var model in models)
                foreach (var column in columns)
                {
                    progress.Write($"[{threads} thread(s)] {model} / {column.Name} ... ");
                    var cell = MeasureCell(column, model);
                    _cells[(threads, model, column.Name)] = cell;
                    progress.WriteLine(cell.Error ?? $"train {MarkdownTable.Number(cell.Train!.MedianMicroseconds)} µs, infer {MarkdownTable.Number(cell.Infer!.MedianMicroseconds)} µs");
                }
        }

        output.WriteLine("### Training step: forward + loss + backward + optimizer step (SGD; Adam where the row says) + zero_grad (µs per step, median of repeats; mean in parentheses)");
        output.WriteLine();
        output.WriteLine(TimeTable(c => c.Train));
        output.WriteLine("### Inference: forward only, no autograd (µs per batch, median of repeats; mean in parentheses)");
        output.WriteLine();
        output.WriteLine(TimeTable(c => c.Infer));
        if (models.OfType<CnnSpec>().Any())
        {
            output.WriteLine("### Convolutions: GFLOP/s of a training step's convolutions (their FLOPs ÷ the median step time)");
            output.WriteLine();
            output.WriteLine(ConvolutionTable());
        }
        output.WriteLine("### Sanity: loss on the batch before warm-up → after all timed steps (both should fall)");
        output.WriteLine();
        output.WriteLine(LossTable());
    }

    private Cell MeasureCell(RunnerColumn column, IBenchModel model)
    {
        try
        {
            using var runner = column.Create(model);
            float before = runner.Loss();
            var train = timer.Measure(runner.Step);
            var infer = timer.Measure(runner.Infer);
            return new Cell(train, infer, before, runner.Loss(), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One failing runner (an op not yet in the runtime) must not lose the other columns' numbers.
            return new Cell(null, null, float.NaN, float.NaN, $"{e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
    }

    private string TimeTable(Func<Cell, Measurement?> pick)
    {
        var baseline = columns[0].Name;
        var others = columns.Skip(1).Select(c => c.Name).ToList();
        var headers = new List<string> { "model, batch, loss", "threads" };
        headers.AddRange(columns.Select(c => c.Name));
        headers.AddRange(others.Select(name => $"{name} speed-up"));
        headers.AddRange(others.Select(name => $"{name} B/call"));
        var table = new MarkdownTable([.. headers]);

        foreach (var model in models)
            foreach (int threads in threadCounts)
            {
                var row = new List<string> { $"{model}", threads.ToString() };
                var measured = columns.Select(c => pick(_cells[(threads, model, c.Name)])).ToList();
                row.AddRange(columns.Select((c, i) => measured[i] is { } m
                    ? m.Cold ? $"{MarkdownTable.Number(m.MedianMicroseconds)} (1 cold call)"
                        : $"{MarkdownTable.Number(m.MedianMicroseconds)} ({MarkdownTable.Number(m.MeanMicroseconds)})"
                    : $"error: {_cells[(threads, model, c.Name)].Error}"));
                row.AddRange(measured.Skip(1).Select(m => m is null || measured[0] is null
                    ? "—" : $"{measured[0]!.MedianMicroseconds / m.MedianMicroseconds:0.00}x"));
                row.AddRange(measured.Skip(1).Select(m => m is null ? "—" : $"{m.AllocatedBytesPerCall:N0}"));
                table.AddRow([.. row]);
            }
        return table + $"\nSpeed-up = {baseline} median / column median (above 1: faster than {baseline}). " +
            "B/call = managed bytes allocated per call on the timing thread.\n";
    }

    /// <summary>
    /// Each CNN's convolution FLOPs per step (<see cref="CnnSpec.TrainingConvolutionFlops"/>) over each column's whole
    /// step time: a lower bound on the convolution kernels' own rate, since the step also pools, normalises and updates.
    /// </summary>
    private string ConvolutionTable()
    {
        var headers = new List<string> { "model, batch, loss", "threads", "conv MFLOP/step" };
        headers.AddRange(columns.Select(c => c.Name));
        var table = new MarkdownTable([.. headers]);
        foreach (var model in models.OfType<CnnSpec>())
            foreach (int threads in threadCounts)
            {
                var row = new List<string> { model.ToString(), threads.ToString(), $"{model.TrainingConvolutionFlops / 1e6:0.0}" };
                row.AddRange(columns.Select(c => _cells[(threads, model, c.Name)].Train is { } m
                    ? $"{model.TrainingConvolutionFlops / (m.MedianMicroseconds * 1e3):0.0}" : "—"));
                table.AddRow([.. row]);
            }
        return table + "\nFLOPs count 2 per multiply-add: forward, weight gradient, and input gradient of every convolution but the first.\n";
    }

    private string LossTable()
    {
        var headers = new List<string> { "model, batch, loss", "threads" };
        headers.AddRange(columns.Select(c => c.Name));
        var table = new MarkdownTable([.. headers]);
        foreach (var model in models)
            foreach (int threads in threadCounts)
            {
                var row = new List<string> { $"{model}", threads.ToString() };
                row.AddRange(columns.Select(c => _cells[(threads, model, c.Name)] is { Error: null } cell
                    ? $"{cell.LossBefore:0.0000} → {cell.LossAfter:0.0000}" : "—"));
                table.AddRow([.. row]);
            }
        return table.ToString();
    }
}
