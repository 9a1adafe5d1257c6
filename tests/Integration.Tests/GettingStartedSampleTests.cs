using System.Diagnostics;

namespace GraphGen.Integration;

/// <summary>
/// samples/GettingStarted prints what PyTorch prints for the same program: its output equals expected-output.txt,
/// the output of samples/GettingStarted/lecture.py under PyTorch, line for line.
/// </summary>
public class GettingStartedSampleTests
{
    /// <summary>The one value that depends on the machine (whether it has a CUDA GPU, and each library's words for "none").</summary>
    private const string MachineDependent = ">>> c.To(Device.Cuda())";

    [Fact]
    public void TheSamplePrintsWhatPyTorchPrintsForTheLecture()
    {
        var expected = Lines(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "GettingStarted.expected-output.txt")));
        var actual = Lines(RunSample());
        Assert.Contains(MachineDependent, expected);
        for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            if (i > 0 && expected[i - 1] == MachineDependent) continue;
            Assert.True(expected[i] == actual[i], $"line {i + 1}: the sample printed\n{actual[i]}\nwhere PyTorch prints\n{expected[i]}");
        }

        Assert.Equal(expected.Count, actual.Count);
    }

    private static List<string> Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').ToList();

    /// <summary>Runs the sample's assembly (copied beside the tests) as its own process and returns what it printed.</summary>
    private static string RunSample()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GettingStarted.dll"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the sample");
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the sample ran past 2 minutes");
        Assert.True(process.ExitCode == 0, $"the sample exited with {process.ExitCode}:\n{error.Result}");
        return output;
    }
}
