namespace GettingStarted;

/// <summary>Prints as the PyTorch REPL would: the C# line after <c>&gt;&gt;&gt;</c>, then its value as Python prints it.</summary>
internal static class Repl
{
    public static void Section(string title) => Console.WriteLine($"\n== {title} ==");

    /// <summary>A line that prints nothing (a statement), shown as the REPL shows it.</summary>
    public static void Statement(string code) => Console.WriteLine($">>> {code}");

    public static void Show(string code, object? value)
    {
        Statement(code);
        Console.WriteLine(value switch
        {
            null => "None",
            bool b => Python(b),
            ValueTuple<bool, bool> p => $"({Python(p.Item1)}, {Python(p.Item2)})",
            _ => value.ToString(),
        });
    }

    private static string Python(bool b) => b ? "True" : "False";
}
