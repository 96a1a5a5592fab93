namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>
/// The assistant-indexer CLI as operators run it: src/Assistant.Indexer's build of this configuration, in a process of its
/// own, with Embeddings:Provider = none (the stores under test were built without vectors).
/// </summary>
public static class IndexerProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
    }

    public static async Task<Result> RunAsync(params string[] arguments)
    {
        var run = await ProcessRunner.RunAsync("dotnet", [Assembly, .. arguments], TimeSpan.FromMinutes(5),
            environment: new Dictionary<string, string> { ["ASSISTANT_Embeddings__Provider"] = "none" });
        return new Result(run.ExitCode, run.StdOut, run.StdErr);
    }

    /// <summary>assistant-indexer.dll of the same configuration as this test assembly (built with it: see the csproj).</summary>
    private static string Assembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            var path = Path.Combine(RepoPaths.Root, "src", "Assistant.Indexer", "bin", configuration, "net10.0", "assistant-indexer.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Assistant.Indexer first.", path);
        }
    }
}
