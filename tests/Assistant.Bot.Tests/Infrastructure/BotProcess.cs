using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Assistant.Triage.Classification;

namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>
/// The bot as it is deployed: src/Assistant.Bot's build run by `dotnet` in a process of its own, configured through
/// environment variables only (so its Bot Connector password never touches a file), on http://127.0.0.1:{free port}.
/// A process of its own because the machine's trusted CAs are read from SSL_CERT_FILE when a process starts: that is how
/// the bot trusts <see cref="BotConnectorTokenServiceDouble"/>'s test CA without trusting anything else less carefully.
/// Runs the real conversation core on an empty corpus (ready at once) unless Corpus__Path says otherwise. The crash tests
/// start it on a data folder of their own (<see cref="LaunchAsync"/>), kill it (<see cref="KillHard"/>: SIGKILL) or stop it
/// (<see cref="Terminate"/>: SIGTERM), and start it again on the same folder.
/// </summary>
public sealed partial class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsDataDir;
    private readonly Action<string>? _onLine;

    private BotProcess(Process process, string dataDir, bool ownsDataDir, Action<string>? onLine)
    {
        _process = process;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
        _onLine = onLine;
    }

    /// <summary>The process id (for signals).</summary>
    public int Id => _process.Id;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string DataDir { get; }

    /// <summary>The conversation state database (one row per conversation that had a turn).</summary>
    public string StatePath => Path.Combine(DataDir, "state.db");

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the bot with <paramref name="environment"/> variables on top of the test defaults and waits
    /// until it listens and /healthz says ready.</summary>
    public static async Task<BotProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string hostEnvironment = "Development")
    {
        var bot = await LaunchAsync(environment, dataDir: null, onLine: null, hostEnvironment);
        try
        {
            await bot.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the bot and returns once it listens (not waiting for readiness). With <paramref name="dataDir"/> its files go
    /// there and stay after dispose (a restart reuses them; the caller deletes the folder); <paramref name="onLine"/> sees
    /// each line of output as it comes, on the reader's thread (a test kills the process from there at a chosen line).
    /// </summary>
    public static async Task<BotProcess> LaunchAsync(
        IReadOnlyDictionary<string, string> environment, string? dataDir, Action<string>? onLine, string hostEnvironment = "Development")
    {
        var bot = Launch(environment, hostEnvironment, dataDir, onLine);
        try
        {
            var address = await bot._listening.Task.WaitAsync(TimeSpan.FromSeconds(120));
            bot.BaseAddress = address;
            bot.Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls /healthz until it answers 200 (the store is ready).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using (var health = await Client.GetAsync(new Uri("healthz", UriKind.Relative)))
            {
                if (health.IsSuccessStatusCode) return;
            }

            if (_process.HasExited || DateTime.UtcNow > deadline) throw new TimeoutException("The bot did not get ready.\n" + Output);
            await Task.Delay(100);
        }
    }

    /// <summary>kill -9: the process ends at once, whatever it was writing.</summary>
    public void KillHard()
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>SIGTERM, what systemd sends on stop: the host's graceful shutdown.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException("kill -TERM failed with " + kill.ExitCode);
    }

    /// <summary>Waits for the process to end and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>Starts the bot and waits for it to stop on its own (a start refused by options validation).</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment, string hostEnvironment)
    {
        await using var bot = Launch(environment, hostEnvironment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await Task.WhenAny(bot._process.WaitForExitAsync(timeout.Token), bot._listening.Task);
        if (!bot._process.HasExited)
        {
            return (-1, "the bot started (it should have refused to)\n" + bot.Output);
        }

        await bot._process.WaitForExitAsync(timeout.Token);
        return (bot._process.ExitCode, bot.Output);
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDataDir) return;
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static BotProcess Launch(IReadOnlyDictionary<string, string> environment, string hostEnvironment, string? givenDataDir = null, Action<string>? onLine = null)
    {
        var dataDir = givenDataDir ?? Directory.CreateTempSubdirectory("assistant-bot-process-").FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.BotProject,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { BotAssembly, "--contentRoot", RepoPaths.BotProject })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("Bot__", StringComparison.Ordinal) || k.StartsWith("Staff__", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        var defaults = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = hostEnvironment,
            ["DOTNET_ENVIRONMENT"] = hostEnvironment,
            ["Urls"] = "http://127.0.0.1:0",
            ["Store__Path"] = Path.Combine(dataDir, "store"),
            ["Corpus__Path"] = Directory.CreateDirectory(Path.Combine(dataDir, "corpus")).FullName,
            ["Embeddings__Provider"] = "none",
            ["Conversation__StatePath"] = Path.Combine(dataDir, "state.db"),
            ["Triage__DatabasePath"] = Path.Combine(dataDir, "triage.db"),
            ["Triage__ModelPath"] = AssistantHostFactory.SharedTriageModel(Path.Combine(RepoPaths.Root, "data", "triage", TrainingData.FileName)),
            ["DataProtection__KeysPath"] = Path.Combine(dataDir, "keys"),
            ["Audit__DatabasePath"] = Path.Combine(dataDir, "audit.db"),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging__LogLevel__Assistant.Bot"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
            ["RateLimits__Messages__PermitLimit"] = "1000000",
        };
        foreach (var (key, value) in defaults.Concat(environment))
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var bot = new BotProcess(process, dataDir, ownsDataDir: givenDataDir is null, onLine);
        process.OutputDataReceived += (_, e) => bot.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => bot.OnLine(e.Data);
        process.Exited += (_, _) => bot._listening.TrySetException(new InvalidOperationException("The bot exited before listening.\n" + bot.Output));
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.AppendLine(line);
        }

        _onLine?.Invoke(line);

        if (ListeningOn().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    /// <summary>src/Assistant.Bot's build of the same configuration as this test assembly (the test project references it).</summary>
    private static string BotAssembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            var path = Path.Combine(RepoPaths.BotProject, "bin", configuration, "net10.0", "Assistant.Bot.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Assistant.Bot first.", path);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
