using System.Text;

namespace GraphGen.Bench.SideBySide;

/// <summary>A Markdown (GitHub) table built row by row, with numeric columns right-aligned.</summary>
public sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void AddRow(params string[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"Row has {cells.Length} cells but the table has {headers.Length} columns ({string.Join(", ", headers)}).");
        _rows.Add(cells);
    }

    public override string ToString()
    {
        var widths = headers.Select((h, c) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[c].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", headers.Select((h, c) => h.PadRight(widths[c]))) + " |");
        text.AppendLine("|" + string.Join("|", widths.Select((w, c) => c == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        foreach (var row in _rows)
            text.AppendLine("| " + string.Join(" | ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))) + " |");
        return text.ToString();
    }

    /// <summary>"1,234.5" style with precision scaled to the magnitude, so small and large times both read well.</summary>
    public static string Number(double value) => value switch
    {
        double.NaN => "—",
        >= 1000 => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        >= 100 => value.ToString("N1", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString("N2", System.Globalization.CultureInfo.InvariantCulture),
    };
}
