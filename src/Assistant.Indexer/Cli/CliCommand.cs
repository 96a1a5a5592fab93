using Assistant.Retrieval;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assistant.Indexer.Cli;

/// <summary>
/// Base of every command: parses its options, builds the host (configuration from appsettings.json, environment
/// variables with prefix ASSISTANT_ and --store), and maps failures to exit codes.
/// </summary>
public abstract class CliCommand
{
    private static readonly string[] CommonValues = ["store"];
    private static readonly string[] CommonFlags = ["verbose", "help"];

    public abstract string Name { get; }
    public abstract string Usage { get; }
    protected virtual IEnumerable<string> ValueOptions => [];
    protected virtual IEnumerable<string> FlagOptions => [];

    /// <summary>Settings a command derives from its own options, applied on top of the configuration (e.g. backup --data-dir).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> HostSettings(CommandLine cl) => [];

    /// <summary>False for commands that work on a file they are given (audit), so they neither need nor open the legal store.</summary>
    protected virtual bool UsesRetrievalHost => true;

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        CommandLine cl;
        try
        {
            cl = CommandLine.Parse(args, ValueOptions.Concat(CommonValues).ToHashSet(), FlagOptions.Concat(CommonFlags).ToHashSet());
        }
        catch (UserErrorException e)
        {
            await stderr.WriteLineAsync($"Lỗi: {e.Message}\nCách dùng: {Usage}");
            return ExitCodes.UserError;
        }
        if (cl.Flag("help"))
        {
            await stdout.WriteLineAsync($"Cách dùng: {Usage}");
            return ExitCodes.Ok;
        }
        try
        {
            if (!UsesRetrievalHost)
            {
                using var none = new ServiceCollection().BuildServiceProvider();
                return await ExecuteAsync(cl, none, stdout, stderr, ct);
            }
            using var host = BuildHost(cl, HostSettings(cl));
            return await ExecuteAsync(cl, host.Services, stdout, stderr, ct);
        }
        catch (UserErrorException e)
        {
            await stderr.WriteLineAsync($"Lỗi: {e.Message}");
            return ExitCodes.UserError;
        }
        catch (OptionsValidationException e)
        {
            await stderr.WriteLineAsync($"Lỗi cấu hình: {string.Join("; ", e.Failures)}");
            return ExitCodes.UserError;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("Đã huỷ. Những gì đã ghi (commit) vào kho vẫn giữ nguyên.");
            return ExitCodes.SystemError;
        }
        catch (Exception e) when (e is StoreBusyException or StoreMismatchException)
        {
            await stderr.WriteLineAsync($"Lỗi kho dữ liệu: {e.Message}");
            return ExitCodes.SystemError;
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"Lỗi hệ thống: {e.GetType().Name}: {e.Message}");
            if (cl.Flag("verbose")) await stderr.WriteLineAsync(e.ToString());
            return ExitCodes.SystemError;
        }
    }

    /// <summary>A bundled data file copied beside the program (e.g. data/calendar/calendar.json from Assistant.Land).</summary>
    protected static string BesideProgram(params string[] parts) => Path.Combine([AppContext.BaseDirectory, .. parts]);

    protected abstract Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct);

    private static IHost BuildHost(CommandLine cl, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables("ASSISTANT_");
        if (cl.Value("store") is { } store)
            builder.Configuration.AddInMemoryCollection([new($"{StoreOptions.Section}:Path", store)]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        // Logs go to stderr so that --json output on stdout stays machine-readable.
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(cl.Flag("verbose") ? LogLevel.Information : LogLevel.Warning);
        builder.Services.AddLegalRetrieval(builder.Configuration);
        CliTelemetry.Register(builder, Environment.GetEnvironmentVariables());
        var host = builder.Build();
        host.Start();
        return host;
    }
}
