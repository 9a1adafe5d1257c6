// The README's first command: trains a [Module]-compiled classifier on Fashion-MNIST and shows it happening.
//   dotnet run --project samples/Trainer -c Release [-- --help]
using GraphGen.Trainer;
using Spectre.Console;

// Spectre.Console draws nothing useful into a file or pipe, so redirected output gets plain progress lines.
bool interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
return TrainerApp.Run(args, Console.Out, Console.Error, interactive);
