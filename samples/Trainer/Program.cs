// The README's first command: trains a [Module]-compiled classifier on Fashion-MNIST and shows it happening.
//   dotnet run --project samples/Trainer -c Release [-- --help]
using GraphGen.Trainer;
using Spectre.Console;

// Spectre.Console draws nothing useful into a file or pipe, so redirected output gets plain progress lines.
bool interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

// The first Ctrl+C (SIGINT) asks the trainer to stop after the current batch and save a checkpoint; a second one
// ends the process at once, as usual.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (interrupt.IsCancellationRequested) return;
    e.Cancel = true;
    Console.Error.WriteLine("Interrupted: finishing the current batch and saving a checkpoint (Ctrl+C again to quit at once)...");
    interrupt.Cancel();
};
return TrainerApp.Run(args, Console.Out, Console.Error, interactive, interrupt.Token);
