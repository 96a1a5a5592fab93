using Assistant.Bench;

// assistant-bench: indexing throughput, query latency and memory of the retrieval core (see bench/README.md).
Console.OutputEncoding = System.Text.Encoding.UTF8;
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Error: {e.Message}\nUsage: {BenchOptions.Usage}");
    return 2;
}
if (options.Help)
{
    Console.WriteLine($"Usage: {BenchOptions.Usage}");
    return 0;
}
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
if (options.Capacity is not null)
{
    var repo = Bench.FindRepoRoot() ?? Directory.GetCurrentDirectory();
    return await new CapacityCurve(options, Console.Out, Console.Error).RunAsync(repo, cts.Token);
}

return await new Bench(options, Console.Out, Console.Error).RunAsync(cts.Token);
