namespace GraphGen.Trainer.Tests;

/// <summary>Runs the trainer as its command line would, non-interactively, and returns the exit code and both outputs.</summary>
internal static class TrainerInvocation
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = TrainerApp.Run(args, output, error, interactive: false);
        return (exit, output.ToString(), error.ToString());
    }
}
