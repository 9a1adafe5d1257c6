using System.Runtime.CompilerServices;
using GraphGen.Data;

namespace GraphGen.Tests.Data;

/// <summary>
/// A fact that needs the full Fashion-MNIST data set (Debian's <c>dataset-fashion-mnist</c>, which
/// <c>.ci/run</c> installs). Where it is absent the test is reported as skipped with the reason, so the
/// README's test command passes on a machine with only the .NET SDK without pretending the test ran.
/// </summary>
public sealed class FactNeedingInstalledFashionMnistAttribute : FactAttribute
{
    public FactNeedingInstalledFashionMnistAttribute([CallerMemberName] string testName = "")
    {
        string directory = Environment.GetEnvironmentVariable(FashionMnist.DirectoryVariable) is { Length: > 0 } env
            ? env
            : FashionMnist.DefaultDirectory;
        if (IsInstalled(directory)) return;
        Skip = $"needs the full Fashion-MNIST data set in '{directory}': install Debian's dataset-fashion-mnist "
             + $"(apt-get install dataset-fashion-mnist, as .ci/run does) or set {FashionMnist.DirectoryVariable}";
        // The console's default verbosity prints a skipped test's name but not its reason: the name carries it.
        DisplayName = $"{testName} (dataset-fashion-mnist is not installed)";
    }

    private static bool IsInstalled(string directory) =>
        new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" }
            .All(name => File.Exists(Path.Combine(directory, name)) || File.Exists(Path.Combine(directory, name + ".gz")));
}
