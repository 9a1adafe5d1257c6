namespace GraphGen.Bench.SideBySide;

/// <summary>The harness's options; see Program.cs or bench/README.md for their meaning.</summary>
public sealed record CommandLine(bool Gemm, bool Quick, IReadOnlyList<int> Threads, IReadOnlyList<IBenchModel> Models,
    IReadOnlyList<GemmSize> GemmSizes)
{
    private const string Usage =
        "usage: GraphGen.SideBySide [--gemm] [--quick] [--threads 1,2] [--models 0,1,2,3,4,5] [--gemm-sizes 512x512x512,4096x4096x1024]";

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
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        return new CommandLine(gemm, quick, threads, models, sizes);
    }

    private static int[] Integers(string text, string option, int min, int max) =>
    [
        .. text.Split(',').Select(part => int.TryParse(part, out int v) && v >= min && v <= max
            ? v
            : throw new ArgumentException($"{option}: '{part}' is not an integer from {min} to {max}.")),
    ];
}
