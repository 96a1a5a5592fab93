using System.Diagnostics;
using System.Text;

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
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Assembly);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["ASSISTANT_Embeddings__Provider"] = "none";
        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"assistant-indexer {string.Join(' ', arguments)} did not finish. stderr: {stderr}");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
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
