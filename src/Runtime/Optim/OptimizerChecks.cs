namespace GraphGen.Optim;

/// <summary>Hyper-parameter checks shared by the optimizers, with PyTorch's messages plus the group index.</summary>
internal static class OptimizerChecks
{
    public static void NonNegative(ParamGroup group, string key, string what)
    {
        double v = group[key];
        if (!(v >= 0)) throw new ArgumentOutOfRangeException(key, v, $"Invalid {what}: {v} ({key} must be >= 0).");
    }

    public static void InUnitInterval(ParamGroup group, string key, string what)
    {
        double v = group[key];
        if (!(v >= 0 && v < 1)) throw new ArgumentOutOfRangeException(key, v, $"Invalid {what}: {v} ({key} must be in [0, 1)).");
    }

    public static void Flag(ParamGroup group, string key)
    {
        double v = group[key];
        if (v != 0 && v != 1) throw new ArgumentOutOfRangeException(key, v, $"Invalid flag {key}: {v} (flags are 0 or 1).");
    }

    public static double Bool(bool b) => b ? 1 : 0;
}
