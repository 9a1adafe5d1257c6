namespace GraphGen.Bench.Gpu;

/// <summary>
/// Before any timing: the compiled and the eager model train for a few SGD steps from the same parameters on the
/// device, and their losses are compared with each other and with the eager model on the CPU. The GPU kernels sum
/// in another order than the CPU's, so they agree to float32 rounding, not bit for bit.
/// </summary>
public static class AgreementCheck
{
    public const int Steps = 3;

    /// <summary>Relative loss difference above which the check fails: far above float32 rounding over three steps.</summary>
    private const double Tolerance = 1e-4;

    /// <summary>Prints one "# agreement" line for <paramref name="spec"/>; false when the losses disagree or Call did not run the generated code.</summary>
    public static bool Run(ModelSpec spec, string name, Device device, TextWriter output)
    {
        var cpu = new EagerMlp(spec);
        var eager = DeviceMlp.Eager(spec, device);
        var compiled = DeviceMlp.Compiled(spec, device);
        string expectedNode = compiled.ModelTypeName + "Backward";
        string? node = compiled.OutputNodeName();
        for (int i = 0; i < Steps; i++)
        {
            cpu.Step();
            eager.Step();
            compiled.Step();
        }

        float cpuLoss = cpu.Loss(), eagerLoss = eager.Loss(), compiledLoss = compiled.Loss();
        double difference = Math.Max(Relative(eagerLoss, compiledLoss), Math.Max(Relative(cpuLoss, eagerLoss), Relative(cpuLoss, compiledLoss)));
        bool lossesAgree = difference <= Tolerance && float.IsFinite(compiledLoss);
        bool ranGenerated = node == expectedNode;
        string verdict = (lossesAgree, ranGenerated) switch
        {
            (true, true) => "ok",
            (false, _) => "FAIL (losses differ)",
            _ => $"FAIL (the compiled output's autograd node is {node ?? "none"}, expected {expectedNode}: Call did not run the generated {device} code)",
        };
        output.WriteLine($"# agreement {name}: loss after {Steps} SGD steps: cpu eager {cpuLoss:0.000000}, {device} eager {eagerLoss:0.000000}, "
            + $"{device} compiled {compiledLoss:0.000000}; largest relative difference {difference:0.0e+0} (tolerance {Tolerance:0e+0}): {verdict}");
        return lossesAgree && ranGenerated;
    }

    private static double Relative(float a, float b) => Math.Abs(a - b) / Math.Max(Math.Abs(a), 1e-12);
}
