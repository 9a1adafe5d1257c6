using System.Text.RegularExpressions;

namespace GraphGen.Trainer;

/// <summary>The command line that continues an interrupted run: the same options, with <c>--resume</c> naming its checkpoint.</summary>
public static partial class ContinueCommand
{
    public const string Prefix = "dotnet run --project samples/Trainer -c Release --";

    /// <summary>The README's command with <paramref name="args"/> (less any earlier <c>--resume</c>) and <c>--resume</c> <paramref name="checkpoint"/>, quoted for a POSIX shell.</summary>
    public static string For(IReadOnlyList<string> args, string checkpoint)
    {
        ArgumentNullException.ThrowIfNull(args);
        var kept = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--resume") { i++; continue; }
            if (args[i].StartsWith("--resume=", StringComparison.Ordinal)) continue;
            kept.Add(args[i]);
        }
        kept.Add("--resume");
        kept.Add(checkpoint);
        return Prefix + " " + string.Join(" ", kept.Select(Quote));
    }

    private static string Quote(string arg) =>
        PlainWord().IsMatch(arg) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./=:,+@%-]+$")]
    private static partial Regex PlainWord();
}
