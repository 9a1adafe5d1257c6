using System.Diagnostics;

namespace GraphGen;

/// <summary>
/// PyTorch's anomaly detection (<c>torch.autograd.detect_anomaly</c>): while a scope from
/// <see cref="Autograd.DetectAnomaly"/> is open, every recorded op remembers where it was created, and
/// backward checks each gradient a node produces, throwing on the first NaN or infinity with the
/// backward op's name and the forward op's creation site.
/// </summary>
internal static class AnomalyMode
{
    [ThreadStatic] private static int t_depth;

    public static bool IsEnabled => t_depth > 0;

    public static IDisposable Enter()
    {
        t_depth++;
        return new ThreadScope(static () => t_depth--);
    }

    /// <summary>The first stack frame outside this library: the user's line that ran the forward op.</summary>
    public static string CreationSite()
    {
        string? runtime = typeof(AnomalyMode).Assembly.GetName().Name;
        foreach (var frame in new StackTrace(1, fNeedFileInfo: true).GetFrames())
        {
            var method = DiagnosticMethodInfo.Create(frame); // trimming-safe, unlike StackFrame.GetMethod
            if (method is null) continue;
            if (method.DeclaringAssemblyName is { } assembly && new System.Reflection.AssemblyName(assembly).Name == runtime) continue;
            string where = $"{method.DeclaringTypeName}.{method.Name}";
            string? file = frame.GetFileName();
            return file is null ? where : $"{where} in {Path.GetFileName(file)}:line {frame.GetFileLineNumber()}";
        }
        return "<inside GraphGen>";
    }

    /// <summary>Throws when one of <paramref name="node"/>'s produced gradients holds a NaN or an infinity.</summary>
    public static void CheckGradients(Node node, Tensor?[] grads)
    {
        for (int i = 0; i < grads.Length; i++)
        {
            if (grads[i] is not { } g || !g.DType.IsFloating()) continue;
            string? bad = FirstNonFinite(g);
            if (bad is null) continue;
            throw new InvalidOperationException(
                $"Function '{node.Name}' returned {bad} values in its {i}th output. " +
                $"The forward op {ForwardName(node.Name)} that created it was called at {node.CreationSite ?? "<recorded outside DetectAnomaly>"}.");
        }
    }

    /// <summary>"nan" if any element is NaN, else "inf" if any is infinite, else null (PyTorch reports nan first).</summary>
    private static string? FirstNonFinite(Tensor g)
    {
        var values = g.Detach().ToArray<double>();
        if (Array.Exists(values, double.IsNaN)) return "nan";
        return Array.Exists(values, double.IsInfinity) ? "inf" : null;
    }

    /// <summary>The forward op a backward node belongs to: "LogBackward0" → "Log".</summary>
    private static string ForwardName(string backwardName)
    {
        int cut = backwardName.IndexOf("Backward", StringComparison.Ordinal);
        return cut > 0 ? backwardName[..cut] : backwardName;
    }
}
