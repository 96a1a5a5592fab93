using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>
/// A log sink for test hosts: keeps every line it is given (for a test to read) and, for the suite-wide check, appends it
/// to a file under the folder named by ASSISTANT_TEST_LOG_DIR (test.sh sets it; scripts/check-test-logs.sh then looks
/// for the CCCD, phone and e-mail values of the test inputs in those files). Lines carry their scopes, so that request
/// paths and other scope values are checked too. Linked into every test project that starts a host.
/// </summary>
public sealed class TestLogCapture : ILoggerProvider, ISupportExternalScope
{
    /// <summary>The environment variable naming the folder of the suite's log files.</summary>
    public const string DirectoryVariable = "ASSISTANT_TEST_LOG_DIR";

    private static readonly Lazy<TestLogCapture> SuiteInstance = new(() => new TestLogCapture(SuiteFile()));
    private static readonly Lock FileGate = new();

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string? _file;
    private readonly bool _keepInMemory;
    private IExternalScopeProvider? _scopes;

    /// <param name="file">Where to append the lines too (none: memory only).</param>
    /// <param name="keepInMemory">False for the suite sink, which lives for the whole run.</param>
    public TestLogCapture(string? file = null, bool keepInMemory = true)
    {
        _file = file;
        _keepInMemory = keepInMemory;
    }

    /// <summary>The sink every test host of this process adds (file only; nothing when ASSISTANT_TEST_LOG_DIR is unset).</summary>
    public static TestLogCapture Suite => SuiteInstance.Value;

    /// <summary>The level the suite sink records from: low enough to see ASP.NET Core's request logging.</summary>
    public const LogLevel SuiteLevel = LogLevel.Debug;

    /// <summary>Adds the suite sink, at <see cref="SuiteLevel"/> whatever the host's other filters say.</summary>
    public static void AddSuiteCapture(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddProvider(Suite);
        logging.AddFilter<TestLogCapture>(null, SuiteLevel);
    }

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new CaptureLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    // The suite sink is shared by every host of the process; a host going down must not close it.
    public void Dispose()
    {
    }

    private static string? SuiteFile()
    {
        var dir = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrWhiteSpace(dir)) return null;
        Directory.CreateDirectory(dir);
        var assembly = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "tests";
        var name = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name)
            .FirstOrDefault(n => n is not null && n.EndsWith(".Tests", StringComparison.Ordinal)) ?? assembly;
        return Path.Combine(dir, $"{name}-{Environment.ProcessId}.log");
    }

    private void Write(string line)
    {
        if (_keepInMemory) _lines.Enqueue(line);
        if (_file is null) return;
        lock (FileGate)
        {
            File.AppendAllText(_file, line + "\n", Encoding.UTF8);
        }
    }

    private sealed class CaptureLogger(TestLogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder();
            line.Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    if (key != "{OriginalFormat}") line.Append(" | ").Append(key).Append('=').Append(value);
                }
            }
            owner._scopes?.ForEachScope((scope, sb) => sb.Append(" => ").Append(scope), line);
            if (exception is not null) line.Append(" ! ").Append(exception);
            owner.Write(line.ToString().Replace('\n', ' ').Replace('\r', ' '));
        }
    }
}
