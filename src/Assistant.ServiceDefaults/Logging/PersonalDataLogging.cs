using System.Collections;
using System.Globalization;
using Assistant.Access.PersonalData;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assistant.ServiceDefaults.Logging;

/// <summary>
/// Puts <see cref="PersonalDataScrubber"/> in front of every log sink of the host, so that no call site can forget it:
/// the host's <see cref="ILoggerFactory"/> becomes a <see cref="ScrubbingLoggerFactory"/> over the usual
/// <see cref="LoggerFactory"/> with all registered providers (console, and any added later, tests' included). The
/// factory is wrapped rather than each provider, so that provider-specific filters ("Logging:Console:LogLevel") still
/// find their provider by type.
/// </summary>
internal static class PersonalDataLogging
{
    public static void Register(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new ScrubbingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
    }
}

/// <summary>A logger factory whose loggers scrub personal data before the inner factory's providers see anything.</summary>
public sealed class ScrubbingLoggerFactory : ILoggerFactory
{
    private readonly ILoggerFactory _inner;

    public ScrubbingLoggerFactory(ILoggerFactory inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    public ILogger CreateLogger(string categoryName) => new ScrubbingLogger(_inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => _inner.AddProvider(provider);

    public void Dispose() => _inner.Dispose();
}

/// <summary>
/// Scrubs the formatted message, the structured values, the exception (message and text) and the scopes of every entry,
/// then hands the scrubbed entry to the inner logger. Costs nothing for levels that are off.
/// </summary>
public sealed class ScrubbingLogger : ILogger
{
    private readonly ILogger _inner;

    public ScrubbingLogger(ILogger inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
        _inner.BeginScope(ScrubbedLogState.ForScope(state));

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!_inner.IsEnabled(logLevel)) return;
        var message = PersonalDataScrubber.Scrub(formatter(state, exception));
        var scrubbed = new ScrubbedLogState(message, state as IEnumerable<KeyValuePair<string, object?>>);
        _inner.Log(logLevel, eventId, scrubbed, exception is null ? null : new ScrubbedException(exception), static (s, _) => s.ToString());
    }
}

/// <summary>A log entry's state after scrubbing: the message, and its structured values scrubbed one by one.</summary>
public sealed class ScrubbedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly string _text;
    private readonly List<KeyValuePair<string, object?>> _values;

    public ScrubbedLogState(string scrubbedText, IEnumerable<KeyValuePair<string, object?>>? values)
    {
        _text = scrubbedText;
        _values = values?.Select(v => new KeyValuePair<string, object?>(v.Key, v.Key == "{OriginalFormat}" ? v.Value : ScrubValue(v.Value))).ToList() ?? [];
    }

    /// <summary>A scope's state, scrubbed (request paths, ids and whatever a call site put in a scope).</summary>
    public static object ForScope<TState>(TState state) where TState : notnull => state switch
    {
        string s => PersonalDataScrubber.Scrub(s),
        IEnumerable<KeyValuePair<string, object?>> values => new ScrubbedLogState(PersonalDataScrubber.Scrub(state.ToString()), values),
        _ => PersonalDataScrubber.Scrub(state.ToString()),
    };

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public int Count => _values.Count;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _text;

    private static object? ScrubValue(object? value)
    {
        switch (value)
        {
            case null or bool or Enum or DateTime or DateTimeOffset or TimeSpan or Guid or double or float:
                return value;
            case string s:
                return PersonalDataScrubber.Scrub(s);
            case IFormattable f:
                // A number may be an ID or a phone number written as an integer.
                var text = f.ToString(null, CultureInfo.InvariantCulture);
                var scrubbed = PersonalDataScrubber.Scrub(text);
                return ReferenceEquals(text, scrubbed) || text == scrubbed ? value : scrubbed;
            default:
                var t = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                var s2 = PersonalDataScrubber.Scrub(t);
                return t == s2 ? value : s2;
        }
    }
}

/// <summary>
/// What the sinks see of an exception: its message and its full text (type, message, stack, inner exceptions) scrubbed.
/// The original type's name stays in the text; sinks that read the exception's type see this one.
/// </summary>
public sealed class ScrubbedException : Exception
{
    private readonly string _text;

    public ScrubbedException(Exception original)
        : base(PersonalDataScrubber.Scrub((original ?? throw new ArgumentNullException(nameof(original))).Message))
    {
        _text = PersonalDataScrubber.Scrub(original.ToString());
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        HResult = original.HResult;
    }

    public ScrubbedException()
        : this(new InvalidOperationException())
    {
    }

    public ScrubbedException(string message)
        : this(new InvalidOperationException(message))
    {
    }

    public ScrubbedException(string message, Exception innerException)
        : this(new InvalidOperationException(message, innerException))
    {
    }

    /// <summary>The full name of the exception that was logged.</summary>
    public string OriginalType { get; }

    public override string ToString() => _text;
}
