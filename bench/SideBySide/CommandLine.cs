namespace GraphGen.Bench.SideBySide;

/// <summary>The harness's options; see Program.cs or bench/README.md for their meaning.</summary>
public sealed record CommandLine(bool Gemm, bool Quick, IReadOnlyList<int> Threads, IReadOnlyList<IBenchModel> Models,
    IReadOnlyList<GemmSize> GemmSizes)
{
    private const string Usage =
        "usage: GraphGen.SideBySide [--gemm] [--quick] [--threads 1,2] [--models 0,1,2,3,4,5] [--batch N] [--gemm-sizes 512x512x512,4096x4096x1024]";

    /// <summary>What <c>--models</c> indexes: DESIGN.md's four MLPs (0-3), then the convolution issue's two CNNs (4, 5).</summary>
    public static IReadOnlyList<IBenchModel> AllModels { get; } = [.. ModelSpec.WhatToBeat, .. CnnSpec.WhatToBeat];

    /// <summary>Parses the arguments; prints the problem and the usage and returns null when they are wrong.</summary>
    public static CommandLine? Parse(string[] args)
    {
        try
        {
            return ParseOrThrow(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return null;
        }
    }

    private static CommandLine ParseOrThrow(string[] args)
    {
        bool gemm = false, quick = false;
        IReadOnlyList<int> threads = [1, 2];
        IReadOnlyList<IBenchModel> models = AllModels;
        IReadOnlyList<GemmSize> sizes = [new(512, 512, 512), new(4096, 4096, 1024)];
        int? batch = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option '{args[i]}' needs a value.");
            switch (args[i])
            {
                case "--gemm": gemm = true; break;
                case "--quick": quick = true; break;
                case "--threads": threads = Integers(Value(), "--threads", 1, Environment.ProcessorCount * 4); break;
                case "--models": models = [.. Integers(Value(), "--models", 0, AllModels.Count - 1).Select(m => AllModels[m])]; break;
                case "--gemm-sizes": sizes = [.. Value().Split(',').Select(GemmSize.Parse)]; break;
                case "--batch": batch = Integers(Value(), "--batch", 1, 65536).Single(); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        // --batch replaces every model's batch size (e.g. 1 for single-sample inference); order of options does not matter.
        if (batch is { } b)
            models = [.. models.Select(m => m switch
            {
                ModelSpec mlp => (IBenchModel)(mlp with { Batch = b }),
                CnnSpec cnn => cnn with { Batch = b },
                _ => throw new ArgumentException($"--batch: {m.GetType().Name} has no batch size to replace."),
            })];
        return new CommandLine(gemm, quick, threads, models, sizes);
    }

    private static int[] Integers(string text, string option, int min, int max) =>
    [
        .. text.Split(',').Select(part => int.TryParse(part, out int v) && v >= min && v <= max
            ? v
            : throw new ArgumentException($"{option}: '{part}' is not an integer from {min} to {max}.")),
    ];
}
