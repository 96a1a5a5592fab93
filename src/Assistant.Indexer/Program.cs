using Assistant.Indexer.Cli;

// assistant-indexer: index, search, stats, eval. Each command parses its own options; exit codes in Cli/ExitCodes.cs.
Console.OutputEncoding = System.Text.Encoding.UTF8;
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
return await CliApp.RunAsync(args, Console.Out, Console.Error, cts.Token);
