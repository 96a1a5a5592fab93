using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace Assistant.Bot.Tests;

/// <summary>
/// The host as built (Program, AddServiceDefaults' OpenTelemetry) on a small real corpus, with OpenTelemetry's in-memory
/// exporters added for traces, metrics and logs: what an OTLP collector would receive.
/// </summary>
public sealed class TelemetryFixture : IAsyncLifetime
{
    // OpenTelemetry's in-memory exporters add to these from the threads that end spans and write logs, without a lock of
    // their own: the collections lock themselves, and the tests read copies.
    public ExportedItems<Activity> Spans { get; } = new();
    public ExportedItems<MetricSnapshot> Metrics { get; } = new();
    public ExportedItems<LogRecord> Logs { get; } = new();
    public AssistantHostFactory Factory { get; private set; } = null!;
    public OidcTestProvider Oidc { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Oidc = await OidcTestProvider.StartAsync();
        var dataDir = Directory.CreateTempSubdirectory("assistant-telemetry-").FullName;
        // One decree of the bundled corpus: indexed in seconds, and enough for a search to find articles.
        var corpus = Directory.CreateDirectory(Path.Combine(dataDir, "corpus")).FullName;
        foreach (var file in new[] { "nghi-dinh-49-2026-ND-CP.md", "catalog.json" })
            File.Copy(Path.Combine(RepoPaths.Root, "data", "regulations", file), Path.Combine(corpus, file));
        var settings = new Dictionary<string, string?>(Oidc.BotSettings())
        {
            ["Corpus:Path"] = corpus,
            ["Triage:ModelPath"] = AssistantHostFactory.SharedTriageModel(Path.Combine(RepoPaths.Root, "data", "triage", Assistant.Triage.Classification.TrainingData.FileName)),
            // The product's own information lines, so that the turn's log line can be matched to its trace.
            ["Logging:LogLevel:Assistant"] = "Information",
        };
        Factory = new AssistantHostFactory(dataDir, indexBundledCorpus: true, settings, services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
            // The test factory clears the log providers; OpenTelemetry's comes back here with an in-memory exporter.
            services.AddLogging(logging => logging.AddOpenTelemetry(o => o.AddInMemoryExporter(Logs)));
        });
        await Factory.StartAndWaitUntilReadyAsync();
        Client = new HttpClient { BaseAddress = Factory.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Collects the metrics now (the periodic reader would wait a minute) and returns the points of <paramref name="name"/>.</summary>
    public IReadOnlyList<MetricPoint> Points(string name)
    {
        Metrics.Clear();
        Assert.True(Factory.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        return Metrics.Snapshot().Where(m => m.Name == name).SelectMany(m => m.MetricPoints).ToList();
    }

    /// <summary>
    /// The spans of one trace, once its server span has ended: the client may read the response before ASP.NET Core stops
    /// the request's activity.
    /// </summary>
    public async Task<List<Activity>> TraceAsync(ActivityTraceId traceId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var spans = Spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
            if (spans.Any(s => s.Kind == ActivityKind.Server) || DateTime.UtcNow > deadline) return spans;
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Oidc.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Factory.DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// What an in-memory exporter writes into: OpenTelemetry's exporter calls <see cref="Add"/> on the thread that ended the
/// span or wrote the log line, while a test may be reading; every access takes the same lock and readers get a copy.
/// </summary>
public sealed class ExportedItems<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items) return _items.Count;
        }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (_items) _items.Add(item);
    }

    public void Clear()
    {
        lock (_items) _items.Clear();
    }

    public bool Contains(T item)
    {
        lock (_items) return _items.Contains(item);
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items) _items.CopyTo(array, arrayIndex);
    }

    public bool Remove(T item)
    {
        lock (_items) return _items.Remove(item);
    }

    /// <summary>The items exported so far, copied under the lock.</summary>
    public T[] Snapshot()
    {
        lock (_items) return [.. _items];
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Runs alone: OpenTelemetry listens to every ActivitySource and Meter of the process by name, so hosts of other test
/// classes running at the same time would add their turns to these counters. Spans are told apart by their trace id anyway.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryFixture>
{
    public const string Name = "telemetry";
}

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests(TelemetryFixture fixture, ITestOutputHelper output)
{
    // A citizen who types their identity card number, phone and e-mail into the question: none of it may leave in telemetry.
    private const string Cccd = "001085012345";
    private const string Phone = "0912345678";
    private const string Email = "nguyenvana@example.com";
    private const string Question = "Tôi là Nguyễn Văn A, CCCD " + Cccd + ", điện thoại " + Phone + ", email " + Email
        + ". Điều kiện tách thửa đất là gì?";

    private static readonly string[] Personal = [Cccd, Phone, Email, "Nguyễn Văn A", "tách thửa"];

    [Fact]
    public async Task One_turn_is_one_trace_channel_conversation_retrieval_answer_with_no_personal_data()
    {
        var mark = fixture.Spans.Count;
        var turnsBefore = Sum(fixture.Points("assistant.turns"), ("assistant.channel", "emulator"));
        var traceId = ActivityTraceId.CreateRandom();
        var replies = await PostTurnAsync(Question, traceId);
        Assert.NotEmpty(replies);

        var spans = await fixture.TraceAsync(traceId);
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal("POST /api/messages", server.DisplayName);
        var channel = Assert.Single(spans, s => s.OperationName == "channel.turn");
        Assert.Equal(server.SpanId, channel.ParentSpanId);
        Assert.Equal("emulator", channel.GetTagItem("assistant.channel"));
        Assert.Equal("message", channel.GetTagItem("assistant.activity.type"));
        Assert.Equal("Citizen", channel.GetTagItem("assistant.role"));
        Assert.Equal(Question.Length, channel.GetTagItem("assistant.text.length"));

        var turn = Assert.Single(spans, s => s.OperationName == "conversation.turn");
        Assert.Equal(channel.SpanId, turn.ParentSpanId);
        Assert.Equal("emulator", turn.GetTagItem("assistant.channel"));
        Assert.Equal("Public", turn.GetTagItem("assistant.access"));
        Assert.NotNull(turn.GetTagItem("assistant.reply.intent"));

        var searches = spans.Where(s => s.OperationName == "retrieval.search").ToList();
        Assert.NotEmpty(searches);
        Assert.All(searches, s => Assert.Equal(turn.SpanId, s.ParentSpanId));
        Assert.All(searches, s => Assert.True((int)s.GetTagItem("assistant.search.hits")! > 0));
        var answer = Assert.Single(spans, s => s.OperationName == "conversation.answer");
        Assert.Equal(turn.SpanId, answer.ParentSpanId);
        Assert.Equal(turn.GetTagItem("assistant.reply.intent"), answer.GetTagItem("assistant.reply.intent"));
        Assert.True((int)answer.GetTagItem("assistant.reply.citations")! > 0);
        // The answer comes after the search it rests on.
        Assert.True(answer.StartTimeUtc >= searches.Max(s => s.StartTimeUtc + s.Duration));

        AssertNothingPersonal(spans);

        // Metrics: the turn counted once on its channel, its latency recorded, the search's latency too.
        var turnsAfter = Sum(fixture.Points("assistant.turns"), ("assistant.channel", "emulator"));
        Assert.True(turnsAfter == turnsBefore + 1,
            $"assistant.turns on emulator went from {turnsBefore} to {turnsAfter}; turns traced meanwhile: {SpansSince(mark, "conversation.turn")}");
        Assert.True(HistogramCount(fixture.Points("assistant.turn.duration"), ("assistant.channel", "emulator")) >= 1);
        Assert.True(HistogramCount(fixture.Points("assistant.retrieval.duration")) >= searches.Count);

        // Logs: the conversation's line carries the turn's trace and the span it was written in, and no personal data.
        var logs = fixture.Logs.Snapshot().Where(l => l.TraceId == traceId).ToArray();
        var handled = Assert.Single(logs, l => l.CategoryName == "Assistant.Conversation.Turns.ConversationService");
        Assert.Equal(turn.SpanId, handled.SpanId);
        foreach (var log in logs)
        {
            var text = log.FormattedMessage + " " + string.Join(" ", log.Attributes?.Select(a => $"{a.Key}={a.Value}") ?? []);
            foreach (var value in Personal) Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
        }

        var tree = TraceTree(spans);
        output.WriteLine(tree);
        if (Environment.GetEnvironmentVariable("ASSISTANT_TRACE_SAMPLE") == "write")
            await File.WriteAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "telemetry-sample-turn.txt"),
                "# One turn's trace as OpenTelemetry's in-memory exporter received it, printed by TelemetryTests\n"
                + "# (ASSISTANT_TRACE_SAMPLE=write dotnet test tests/Assistant.Bot.Tests -c Release --filter One_turn_is_one_trace).\n"
                + "# The message held a name, a CCCD number, a phone number and an e-mail address: none of them is in any span.\n"
                + "# The first turn after start (cold JIT) on a loaded test machine: the durations are not the bot's latency.\n"
                + "# The test's own HTTP client span, parent of the request span, is left out.\n\n" + tree);
    }

    [Fact]
    public async Task A_triage_request_is_a_span_under_its_request_counted_and_in_the_queue_depth_of_its_unit()
    {
        var mark = fixture.Spans.Count;
        var before = Sum(fixture.Points("assistant.triage.requests"), ("assistant.triage.source", "api"), ("assistant.triage.outcome", "created"));
        var traceId = ActivityTraceId.CreateRandom();
        var id = "TEL-" + Guid.NewGuid().ToString("N")[..8];
        var body = new JObject
        {
            ["id"] = id,
            ["description"] = $"Ông Nguyễn Văn A (CCCD {Cccd}, điện thoại {Phone}, {Email}) đề nghị tách mảnh đất 120m2 thành hai thửa để chia cho hai con",
            ["documents"] = new JArray("don tach thua", "so do"),
            ["parcel"] = new JObject { ["oldCommune"] = "Phường Khâm Thiên", ["oldDistrict"] = "Quận Đống Đa", ["address"] = $"số 5 ngõ 12, nhà ông A, {Phone}" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/triage") { Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await fixture.Oidc.GetAccessTokenAsync("officer-a"));
        using var response = await SendInTraceAsync(request, traceId);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var procedure = (string?)JObject.Parse(text)["procedureCode"];

        var spans = await fixture.TraceAsync(traceId);
        output.WriteLine(string.Join("\n", spans.Select(x => $"{x.Kind} {x.Source.Name} {x.DisplayName}")));
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        var submit = Assert.Single(spans, s => s.OperationName == "triage.submit");
        Assert.Equal(server.SpanId, submit.ParentSpanId);
        Assert.Equal(id, submit.GetTagItem("assistant.dossier.id"));
        Assert.Equal("created", submit.GetTagItem("assistant.triage.outcome"));
        var classify = Assert.Single(spans, s => s.OperationName == "triage.classify");
        Assert.Equal(submit.SpanId, classify.ParentSpanId);
        Assert.Equal(procedure, classify.GetTagItem("assistant.procedure.code"));
        Assert.NotNull(classify.GetTagItem("assistant.triage.confidence"));
        var units = ((string)classify.GetTagItem("assistant.unit.code")!).Split(',', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(units);
        AssertNothingPersonal(spans);
        output.WriteLine(TraceTree(spans));

        var after = Sum(fixture.Points("assistant.triage.requests"), ("assistant.triage.source", "api"), ("assistant.triage.outcome", "created"));
        Assert.True(after == before + 1, $"assistant.triage.requests (api, created) went from {before} to {after}; submissions traced meanwhile: {SpansSince(mark, "triage.submit")}");
        var depth = fixture.Points("assistant.triage.queue.depth");
        foreach (var unit in units)
            Assert.True(GaugeValue(depth, ("assistant.unit.code", unit)) >= 1, $"no queue depth for unit {unit}");
    }

    [Fact]
    public async Task Healthz_reports_store_indexing_databases_and_the_optional_dependencies()
    {
        using var response = await fixture.Client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = JObject.Parse(await response.Content.ReadAsStringAsync());
        // As before.
        Assert.Equal("ready", (string?)health["status"]);
        Assert.True((bool)health["lexical"]!["ready"]!);
        Assert.Equal("off", (string?)health["embeddings"]!["state"]);
        // Added.
        Assert.True((bool)health["store"]!["opened"]!);
        Assert.Equal("done", (string?)health["indexing"]!["state"]);
        foreach (var name in new[] { "conversationState", "triage", "priorityProjects", "audit" })
            Assert.True((bool)health["databases"]![name]!["writable"]!, name);
        Assert.False((bool)health["dependencies"]!["llm"]!["configured"]!);
        Assert.Equal(JTokenType.Null, health["dependencies"]!["llm"]!["reachable"]!.Type);
        Assert.False((bool)health["dependencies"]!["qdrant"]!["configured"]!);
        // The probes' own requests make no spans.
        Assert.DoesNotContain(fixture.Spans.Snapshot(), s => (s.GetTagItem("url.path") as string)?.StartsWith("/healthz", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_database_that_cannot_be_written_makes_the_host_not_ready_and_healthz_says_which()
    {
        // Root ignores file modes, so the file is made unopenable another way: a folder where the SQLite file should be.
        // The check alone first (a missing file whose folder is writable counts; a folder in its place does not), then
        // the conversation state file of the running host (absent until a turn is saved, or moved aside for the time).
        var options = fixture.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Assistant.Conversation.ConversationOptions>>().Value;
        var path = Path.GetFullPath(options.StatePath);
        var probe = await Assistant.Bot.Hosting.SqliteWritabilityCheck.CheckAsync("x", Path.Combine(fixture.Factory.DataDir, "blocked.db"), CancellationToken.None);
        Assert.True(probe.Writable);
        Assert.Equal("not-created", probe.State);
        Directory.CreateDirectory(Path.Combine(fixture.Factory.DataDir, "blocked.db"));
        probe = await Assistant.Bot.Hosting.SqliteWritabilityCheck.CheckAsync("x", Path.Combine(fixture.Factory.DataDir, "blocked.db"), CancellationToken.None);
        Assert.False(probe.Writable);

        if (!File.Exists(path)) Directory.CreateDirectory(path);
        else
        {
            // A file that exists is swapped for a folder for the time of the check, then put back.
            File.Move(path, path + ".moved");
            Directory.CreateDirectory(path);
        }
        try
        {
            using var ready = await fixture.Client.GetAsync("healthz/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var health = await fixture.Client.GetAsync("healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            var body = JObject.Parse(await health.Content.ReadAsStringAsync());
            Assert.Contains("conversationState", (string?)body["status"], StringComparison.Ordinal);
            Assert.False((bool)body["databases"]!["conversationState"]!["writable"]!);
            Assert.True((bool)body["databases"]!["triage"]!["writable"]!);
        }
        finally
        {
            Directory.Delete(path);
            if (File.Exists(path + ".moved")) File.Move(path + ".moved", path);
        }
        using var again = await fixture.Client.GetAsync("healthz/ready");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    private async Task<List<string>> PostTurnAsync(string text, ActivityTraceId traceId)
    {
        var activity = CitizenActivity.ExpectReplies(Guid.NewGuid().ToString(), text, serviceUrl: CitizenActivity.NoServiceUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(activity.ToString(), Encoding.UTF8, "application/json") };
        using var response = await SendInTraceAsync(request, traceId);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return ((JArray)JObject.Parse(body)["activities"]!).Select(a => (string?)a["text"] ?? "").ToList();
    }

    /// <summary>
    /// Sends as a channel inside its own trace: the test's HttpClient (instrumented too, it runs in this process) makes its
    /// client span a child of this trace and sends its context, which the host continues; so the test finds its spans
    /// among any others.
    /// </summary>
    private async Task<HttpResponseMessage> SendInTraceAsync(HttpRequestMessage request, ActivityTraceId traceId)
    {
        using var channel = new Activity("test.channel").SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        return await fixture.Client.SendAsync(request);
    }

    /// <summary>
    /// The spans named <paramref name="operation"/> exported since the first <paramref name="mark"/> ones, with their trace
    /// ids: when a count is off, whether a turn of another host in this process got into it (the collection runs alone
    /// for that reason) or the product counted one turn twice.
    /// </summary>
    private string SpansSince(int mark, string operation)
    {
        var spans = fixture.Spans.Snapshot().Skip(mark).Where(s => s.OperationName == operation).ToList();
        return spans.Count == 0 ? "none" : string.Join(", ", spans.Select(s => $"{s.TraceId} {s.GetTagItem("assistant.channel")}"));
    }

    /// <summary>No attribute, status or event of any span of the trace holds what the citizen typed about themselves.</summary>
    private static void AssertNothingPersonal(IEnumerable<Activity> spans)
    {
        foreach (var span in spans)
        {
            var values = span.TagObjects.Select(t => $"{t.Key}={t.Value}")
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}")))
                .Append(span.DisplayName).Append(span.StatusDescription ?? "")
                .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"));
            foreach (var value in values)
                foreach (var personal in Personal)
                    Assert.False(value.Contains(personal, StringComparison.OrdinalIgnoreCase), $"{span.OperationName}: {value}");
        }
    }

    private static bool Matches(MetricPoint point, (string Key, string Value)[] tags)
    {
        var present = new Dictionary<string, object?>();
        foreach (var tag in point.Tags) present[tag.Key] = tag.Value;
        return tags.All(t => present.TryGetValue(t.Key, out var v) && Equals(v?.ToString(), t.Value));
    }

    private static long Sum(IReadOnlyList<MetricPoint> points, params (string Key, string Value)[] tags) =>
        points.Where(p => Matches(p, tags)).Sum(p => p.GetSumLong());

    private static long HistogramCount(IReadOnlyList<MetricPoint> points, params (string Key, string Value)[] tags) =>
        points.Where(p => Matches(p, tags)).Sum(p => p.GetHistogramCount());

    private static long GaugeValue(IReadOnlyList<MetricPoint> points, params (string Key, string Value)[] tags) =>
        points.Where(p => Matches(p, tags)).Sum(p => p.GetGaugeLastValueLong());

    /// <summary>The trace as an indented tree: name, source, duration and attributes (the sample in docs/).</summary>
    private static string TraceTree(List<Activity> spans)
    {
        var sb = new StringBuilder();
        // From the host's request span down (the test's own client span above it is not the bot's).
        var roots = spans.Where(s => s.Kind == ActivityKind.Server).OrderBy(s => s.StartTimeUtc);
        foreach (var root in roots) Append(root, 0);
        return sb.ToString();

        void Append(Activity span, int depth)
        {
            sb.Append(new string(' ', depth * 2)).Append(span.DisplayName)
                .Append(CultureInfo.InvariantCulture, $"  [{span.Source.Name}] {span.Duration.TotalMilliseconds:F1} ms");
            if (span.Status != ActivityStatusCode.Unset) sb.Append(' ').Append(span.Status);
            sb.AppendLine();
            foreach (var tag in span.TagObjects.OrderBy(t => t.Key, StringComparer.Ordinal))
                sb.Append(new string(' ', depth * 2 + 4)).Append(tag.Key).Append(" = ").Append(Convert.ToString(tag.Value, CultureInfo.InvariantCulture)).AppendLine();
            foreach (var child in spans.Where(s => s.ParentSpanId == span.SpanId).OrderBy(s => s.StartTimeUtc)) Append(child, depth + 1);
        }
    }
}

/// <summary>The span processor AddServiceDefaults puts in front of every exporter.</summary>
public sealed class ScrubbingSpanProcessorTests
{
    [Fact]
    public void String_attributes_and_the_status_of_an_ended_span_are_scrubbed_and_the_rest_kept()
    {
        using var span = new Activity("library.call");
        span.SetTag("url.path", "/lookup/0912345678");
        span.SetTag("note", "CCCD 001085012345 của người nộp");
        span.SetTag("assistant.search.hits", 5);
        span.SetTag("assistant.procedure.code", "1.012784");
        span.SetStatus(ActivityStatusCode.Error, "khách 0912345678 không tìm thấy");
        new Assistant.ServiceDefaults.Telemetry.ScrubbingSpanProcessor().OnEnd(span);

        Assert.DoesNotContain("0912345678", (string)span.GetTagItem("url.path")!, StringComparison.Ordinal);
        Assert.DoesNotContain("001085012345", (string)span.GetTagItem("note")!, StringComparison.Ordinal);
        Assert.DoesNotContain("0912345678", span.StatusDescription, StringComparison.Ordinal);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(5, span.GetTagItem("assistant.search.hits"));
        Assert.Equal("1.012784", span.GetTagItem("assistant.procedure.code"));
    }
}
