namespace GraphGen.Trainer.Tests;

/// <summary>Collects output and cancels <paramref name="source"/> once a line starting with <paramref name="trigger"/> is written: a Ctrl+C at a known point.</summary>
internal sealed class CancellingWriter(string trigger, CancellationTokenSource source) : StringWriter
{
    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (value is not null && value.StartsWith(trigger, StringComparison.Ordinal)) source.Cancel();
    }
}
