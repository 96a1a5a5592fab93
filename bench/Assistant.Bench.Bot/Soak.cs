using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Assistant.Bench.Bot;

/// <summary>
/// <c>--soak DURATION</c>: the built bot as a child process, <c>--conversations</c> concurrent conversations (each a series
/// of <c>--turns</c>-turn conversations with fresh ids, as new citizens keep arriving) and triage requests at a steady rate
/// with bearer tokens, for a bounded time. Every interval (default one minute) it prints the requests, the errors by kind,
/// the turn and triage latency percentiles, and the bot's memory read from outside (/proc/PID/status) and CPU; at the end,
/// the memory slope over the intervals after the first, and a JSON line. Exit 0 only with no error.
/// </summary>
public sealed class Soak
{
    private const string Audience = "api://tro-ly-dat-dai";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] FollowUps = ["còn giấy tờ gì nữa?", "mất bao lâu?", "nộp hồ sơ ở đâu?"];

    private readonly SoakOptions _options;
    private readonly string _root;
    private Bucket _current = new();

    public Soak(SoakOptions options, string root)
    {
        _options = options;
        _root = root;
    }

    public async Task<int> RunAsync()
    {
        var o = _options;
        if (!File.Exists(o.BotDll))
        {
            await Console.Error.WriteLineAsync($"Bot not built: {o.BotDll} (run: dotnet build src/Assistant.Bot -c Release)");
            return 2;
        }

        var temp = Directory.CreateTempSubdirectory("assistant-soak-");
        using var issuer = BenchTokenIssuer.Start();
        using var bot = StartBot(temp.FullName, issuer.Issuer);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Conversations + o.TriageInFlight + 4 })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{o.Port}/"),
                Timeout = TimeSpan.FromSeconds(60),
            };
            var ready = Stopwatch.StartNew();
            while (!await ReadyAsync(http))
            {
                if (bot.HasExited)
                {
                    throw new InvalidOperationException($"the bot exited with code {bot.ExitCode} before it was ready");
                }

                if (ready.Elapsed > TimeSpan.FromMinutes(15))
                {
                    throw new TimeoutException("bot not ready in 15 minutes");
                }

                await Task.Delay(200);
            }

            Console.WriteLine($"bot ready (pid {bot.Id}, embeddings: {o.Embeddings}) in {ready.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine($"soak: {o.Duration.TotalSeconds:0} s, rows every {o.Interval.TotalSeconds:0} s; {o.Conversations} conversations of {o.Turns} turns "
                + $"(then a new conversation id), think time {o.ThinkMs} ms; triage {o.TriageRate:0.#}/s with bearer tokens (≤ {o.TriageInFlight} in flight); "
                + $"{Environment.ProcessorCount} cores, load average {LoadAverage()}");
            Console.WriteLine("memory: RSS of the bot process (VmRSS), of which anonymous (RssAnon: GC heap + native) and file-backed (RssFile: mapped index files, code)");
            Console.WriteLine("GC heap: from the bot's Prometheus scrape (Telemetry:PrometheusEnabled, .NET runtime metrics) when it serves one, else '-'");
            Console.WriteLine();
            Console.WriteLine("  t(s)   turns  turns/s  p50 ms  p95 ms  triage  tri p95  errors  RSS MB  anon MB  file MB  GC heap  bot CPU%  load");

            var questions = LoadQuestions();
            var dossiers = File.ReadLines(Path.Combine(_root, "eval", "dossiers-dev.jsonl"))
                .Where(l => l.Trim().Length > 0)
                .Select(l => JsonNode.Parse(l)!.AsObject())
                .ToList();
            var token = issuer.Token(Audience, "soak-supervisor", ["supervisor"], ["*"], o.Duration + TimeSpan.FromHours(1));

            using var stop = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            var rows = new List<Row>();
            var workers = Enumerable.Range(0, o.Conversations).Select(w => ConversationWorker(http, w, questions, stop.Token)).ToList();
            workers.Add(TriageDispatcher(http, dossiers, token, stop.Token));

            var cpuBefore = ProcessCpu(bot);
            var intervalStart = TimeSpan.Zero;
            while (intervalStart < o.Duration && !bot.HasExited)
            {
                var end = intervalStart + o.Interval > o.Duration ? o.Duration : intervalStart + o.Interval;
                var wait = end - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                if (end >= o.Duration)
                {
                    // The last row also holds the requests still in flight at the deadline: stop sending, let them finish.
                    stop.Cancel();
                    await Task.WhenAll(workers);
                }

                var bucket = Interlocked.Exchange(ref _current, new Bucket());
                lock (bucket)
                {
                    bucket.Closed = true;
                }

                var cpuNow = ProcessCpu(bot);
                var elapsed = clock.Elapsed;
                var row = Row.From(bucket, elapsed.TotalSeconds, (elapsed - intervalStart).TotalSeconds, ReadMemory(bot.Id), await GcHeapMbAsync(http),
                    (cpuNow - cpuBefore).TotalSeconds / (elapsed - intervalStart).TotalSeconds * 100, LoadAverage());
                cpuBefore = cpuNow;
                rows.Add(row);
                Console.WriteLine(row.Format());
                intervalStart = elapsed;
            }

            if (!stop.IsCancellationRequested)
            {
                stop.Cancel();
                await Task.WhenAll(workers);
            }

            return Summarise(rows, bot.HasExited);
        }
        finally
        {
            if (!bot.HasExited)
            {
                bot.Kill(entireProcessTree: true);
                await bot.WaitForExitAsync();
            }

            try
            {
                temp.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private int Summarise(List<Row> rows, bool botExited)
    {
        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (kind, count) in rows.SelectMany(r => r.Errors))
        {
            errors[kind] = errors.GetValueOrDefault(kind) + count;
        }

        if (botExited)
        {
            errors["bot process exited"] = 1;
        }

        int totalErrors = errors.Values.Sum();
        var rssSlope = SoakMath.SlopeAfterWarmUp(rows.Select(r => (r.EndSeconds, r.RssMb)).ToList());
        var anonSlope = SoakMath.SlopeAfterWarmUp(rows.Select(r => (r.EndSeconds, r.AnonMb)).ToList());
        var gcRows = rows.Where(r => !double.IsNaN(r.GcHeapMb)).ToList();
        var gcSlope = gcRows.Count == rows.Count ? SoakMath.SlopeAfterWarmUp(gcRows.Select(r => (r.EndSeconds, r.GcHeapMb)).ToList()) : null;
        int turns = rows.Sum(r => r.Turns), triage = rows.Sum(r => r.Triage);
        double seconds = rows.Count > 0 ? rows[^1].EndSeconds : 0;
        string Slope(double? s) => s is { } v ? $"{v.ToString("+0.00;-0.00", Inv)} MB/min" : "n/a (fewer than 3 rows)";

        Console.WriteLine();
        Console.WriteLine($"total: {turns} turns ({turns / Math.Max(1, seconds):0.0}/s), {triage} triage requests, {totalErrors} errors over {seconds:0} s");
        foreach (var (kind, count) in errors.OrderByDescending(e => e.Value))
        {
            Console.WriteLine($"  error {kind}: {count}");
        }

        Console.WriteLine($"turn p95 per row: min {Min(rows, r => r.TurnP95):0.0} · max {Max(rows, r => r.TurnP95):0.0} ms; triage p95 per row: max {Max(rows, r => r.TriageP95):0.0} ms");
        Console.WriteLine($"memory slope (least squares over rows 2..{rows.Count}, the first is warm-up): RSS {Slope(rssSlope)}, anonymous {Slope(anonSlope)}, GC heap {(gcRows.Count == rows.Count ? Slope(gcSlope) : "n/a (no runtime metrics from the bot)")}");
        if (rows.Count > 0)
        {
            Console.WriteLine($"RSS first row {rows[0].RssMb:0} MB → last row {rows[^1].RssMb:0} MB; peak (VmHWM) {rows.Max(r => r.PeakMb):0} MB");
        }

        Console.WriteLine(totalErrors == 0 ? "soak: PASS (no error)" : "soak: FAIL (errors above)");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            mode = "soak",
            durationS = Math.Round(seconds, 1),
            intervalS = _options.Interval.TotalSeconds,
            conversations = _options.Conversations,
            triageRate = _options.TriageRate,
            turns,
            triage,
            errors = totalErrors,
            errorsByKind = errors,
            rssSlopeMbPerMin = rssSlope is { } r1 ? Math.Round(r1, 3) : (double?)null,
            anonSlopeMbPerMin = anonSlope is { } r2 ? Math.Round(r2, 3) : (double?)null,
            gcHeapSlopeMbPerMin = gcSlope is { } r3 ? Math.Round(r3, 3) : (double?)null,
            rows = rows.Select(r => new
            {
                t = Math.Round(r.EndSeconds, 1),
                turns = r.Turns,
                turnP50 = Round(r.TurnP50),
                turnP95 = Round(r.TurnP95),
                triage = r.Triage,
                triageP95 = Round(r.TriageP95),
                errors = r.Errors.Values.Sum(),
                rssMb = Math.Round(r.RssMb, 1),
                anonMb = Math.Round(r.AnonMb, 1),
                gcHeapMb = Round(r.GcHeapMb),
                botCpuPercent = Math.Round(r.CpuPercent, 0),
                load = r.Load,
            }),
            pass = totalErrors == 0,
        }));
        return totalErrors == 0 ? 0 : 1;
    }

    private static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 1);

    private static double Min(List<Row> rows, Func<Row, double> f) => rows.Select(f).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Min();

    private static double Max(List<Row> rows, Func<Row, double> f) => rows.Select(f).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Max();

    // ------------------------------------------------------------------ traffic

    private async Task ConversationWorker(HttpClient http, int worker, List<string> questions, CancellationToken stop)
    {
        await Task.Yield();
        for (int generation = 0; !stop.IsCancellationRequested; generation++)
        {
            var conversation = $"soak-{worker}-{generation}";
            for (int t = 0; t < _options.Turns && !stop.IsCancellationRequested; t++)
            {
                // Varied questions with follow-ups, as the turn bench asks them.
                var text = t % 3 == 2
                    ? FollowUps[(worker + t) % FollowUps.Length]
                    : questions[(int)(((long)worker * 7919 + (long)generation * 31 + (long)t * 104729) % questions.Count)];
                var body = JsonSerializer.Serialize(new
                {
                    type = "message",
                    id = $"{conversation}-{t}",
                    channelId = "emulator",
                    serviceUrl = "http://127.0.0.1:9/",
                    deliveryMode = "expectReplies",
                    conversation = new { id = conversation },
                    from = new { id = $"soak-user-{worker}-{generation}", role = "user" },
                    recipient = new { id = "bot" },
                    locale = "vi-VN",
                    text,
                });
                var start = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    using var response = await http.PostAsync(new Uri("api/messages", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), CancellationToken.None);
                    var content = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    error = response.StatusCode != HttpStatusCode.OK ? $"turn HTTP {(int)response.StatusCode}"
                        : !content.Contains("\"activities\"", StringComparison.Ordinal) ? "turn without activities"
                        : null;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    error = Kind("turn", e);
                }

                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Record(b =>
                {
                    if (error is null)
                    {
                        b.Turns.Add(ms);
                    }
                    else
                    {
                        b.Errors[error] = b.Errors.GetValueOrDefault(error) + 1;
                    }
                });
                if (_options.ThinkMs > 0)
                {
                    try
                    {
                        await Task.Delay(_options.ThinkMs, stop);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
    }

    /// <summary>Triage at a steady rate (open loop: requests are due on a schedule, not after the previous answer), bounded in flight.</summary>
    private async Task TriageDispatcher(HttpClient http, List<JsonObject> dossiers, string token, CancellationToken stop)
    {
        if (_options.TriageRate <= 0)
        {
            return;
        }

        using var slots = new SemaphoreSlim(_options.TriageInFlight);
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (long i = 0; !stop.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds(i / _options.TriageRate) - clock.Elapsed;
            try
            {
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, stop);
                }

                await slots.WaitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var d = dossiers[(int)(i % dossiers.Count)].DeepClone().AsObject();
            d.Remove("gold");
            d["id"] = $"SOAK-{i}";
            inFlight.Add(TriageOnce(http, d.ToJsonString(), token, slots));
            if (inFlight.Count > 256)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(inFlight);
    }

    private async Task TriageOnce(HttpClient http, string json, string token, SemaphoreSlim slots)
    {
        var start = Stopwatch.GetTimestamp();
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/triage", UriKind.Relative))
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, CancellationToken.None);
            await response.Content.ReadAsStringAsync(CancellationToken.None);
            error = response.IsSuccessStatusCode ? null : $"triage HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            error = Kind("triage", e);
        }
        finally
        {
            slots.Release();
        }

        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        Record(b =>
        {
            if (error is null)
            {
                b.Triage.Add(ms);
            }
            else
            {
                b.Errors[error] = b.Errors.GetValueOrDefault(error) + 1;
            }
        });
    }

    private static string Kind(string what, Exception e) => e switch
    {
        TaskCanceledException => $"{what} timeout (60 s)",
        HttpRequestException { HttpRequestError: var kind } => $"{what} {kind}",
        _ => $"{what} {e.GetType().Name}",
    };

    /// <summary>Adds to the current interval's bucket; a bucket the reporter has already closed is not written to.</summary>
    private void Record(Action<Bucket> add)
    {
        while (true)
        {
            var bucket = Volatile.Read(ref _current);
            lock (bucket)
            {
                if (!bucket.Closed)
                {
                    add(bucket);
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------------ the bot process

    private Process StartBot(string temp, string authority)
    {
        var psi = new ProcessStartInfo("dotnet", [_options.BotDll, "--urls", $"http://127.0.0.1:{_options.Port}", "--contentRoot", Path.Combine(_root, "src", "Assistant.Bot")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["Store__Path"] = _options.Store is { } store ? Path.GetFullPath(store) : Path.Combine(temp, "store");
        psi.Environment["Conversation__StatePath"] = Path.Combine(temp, "state.db");
        psi.Environment["Embeddings__Provider"] = _options.Embeddings;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Triage__DatabasePath"] = Path.Combine(temp, "triage.db");
        psi.Environment["Audit__DatabasePath"] = Path.Combine(temp, "audit.db");
        psi.Environment["DataProtection__KeysPath"] = Path.Combine(temp, "keys");
        psi.Environment["Auth__Authority"] = authority;
        psi.Environment["Auth__Audience"] = Audience;
        psi.Environment["Auth__RequireHttpsMetadata"] = "false";
        // The GC heap is read from the bot's own runtime metrics (a build without telemetry ignores the setting).
        psi.Environment["Telemetry__PrometheusEnabled"] = "true";
        // All traffic comes from one loopback address: the per-client rate limits are raised out of the way (a soak
        // measures the bot's endurance, not the limiter's refusals).
        foreach (var policy in new[] { "DirectLineToken", "DirectLine", "DirectLinePolling", "Messages", "Page", "Officer" })
        {
            psi.Environment[$"RateLimits__{policy}__PermitLimit"] = "100000000";
        }

        var bot = Process.Start(psi)!;
        bot.OutputDataReceived += (_, _) => { };
        bot.ErrorDataReceived += (_, e) =>
        {
            // The bot logs at Warning and above: shown, since a soak is also about what the bot complains of.
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"[bot] {line}");
            }
        };
        bot.BeginOutputReadLine();
        bot.BeginErrorReadLine();
        return bot;
    }

    private static async Task<bool> ReadyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// The GC heap in MB from the bot's Prometheus scrape: the .NET runtime metric of the heap size after the last
    /// collection, summed over generations (the name differs between runtime-instrumentation versions); NaN without one.
    /// </summary>
    private static async Task<double> GcHeapMbAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                return double.NaN;
            }

            return SoakMath.GcHeapMb(await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return double.NaN;
        }
    }

    private static TimeSpan ProcessCpu(Process process)
    {
        try
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>VmRSS, RssAnon, RssFile and VmHWM of a process in MB, from /proc/PID/status (zeros where not on Linux).</summary>
    public static Memory ReadMemory(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            return new Memory(0, 0, 0, 0);
        }

        double Field(string[] lines, string name)
        {
            var line = lines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal));
            if (line is null)
            {
                return 0;
            }

            var parts = line[(name.Length + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return double.Parse(parts[0], Inv) / 1024.0;   // kB
        }

        try
        {
            var lines = File.ReadAllLines(path);
            return new Memory(Field(lines, "VmRSS"), Field(lines, "RssAnon"), Field(lines, "RssFile"), Field(lines, "VmHWM"));
        }
        catch (IOException)
        {
            return new Memory(0, 0, 0, 0);
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private List<string> LoadQuestions()
    {
        var questions = new List<string>();
        foreach (var file in new[] { "citizen-procedures.jsonl", "dev-scenarios.jsonl" })
        {
            foreach (var line in File.ReadLines(Path.Combine(_root, "eval", file)).Where(l => l.Trim().Length > 0))
            {
                questions.Add(JsonDocument.Parse(line).RootElement.GetProperty("question").GetString()!);
            }
        }

        return questions;
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public sealed record Memory(double RssMb, double AnonMb, double FileMb, double PeakMb);

    private sealed class Bucket
    {
        public List<double> Turns { get; } = [];
        public List<double> Triage { get; } = [];
        public Dictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);
        public bool Closed { get; set; }
    }

    private sealed record Row(double EndSeconds, double Seconds, int Turns, double TurnP50, double TurnP95, int Triage, double TriageP95,
        IReadOnlyDictionary<string, int> Errors, double RssMb, double AnonMb, double FileMb, double PeakMb, double GcHeapMb, double CpuPercent, string Load)
    {
        public static Row From(Bucket b, double endSeconds, double seconds, Memory memory, double gcHeapMb, double cpuPercent, string load)
        {
            var turns = b.Turns.Order().ToList();
            var triage = b.Triage.Order().ToList();
            return new Row(endSeconds, seconds, turns.Count, SoakMath.Percentile(turns, 0.5), SoakMath.Percentile(turns, 0.95),
                triage.Count, SoakMath.Percentile(triage, 0.95), new Dictionary<string, int>(b.Errors, StringComparer.Ordinal),
                memory.RssMb, memory.AnonMb, memory.FileMb, memory.PeakMb, gcHeapMb, cpuPercent, load);
        }

        public string Format()
        {
            var errors = Errors.Values.Sum();
            var line = string.Create(Inv, $"{EndSeconds,6:0} {Turns,7} {Turns / Seconds,8:0.0} {Ms(TurnP50),7} {Ms(TurnP95),7} {Triage,7} {Ms(TriageP95),8} {errors,7} {RssMb,7:0} {AnonMb,8:0} {FileMb,8:0} {Ms(GcHeapMb),8} {CpuPercent,9:0} {Load,5}");
            return errors == 0 ? line : line + "   " + string.Join(", ", Errors.Select(e => $"{e.Key}: {e.Value}"));
        }

        private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("0.0", Inv);
    }
}

/// <summary>Options of <c>--soak</c> (see bench/README.md).</summary>
public sealed record SoakOptions(TimeSpan Duration, TimeSpan Interval, int Conversations, int Turns, double TriageRate, int TriageInFlight,
    int ThinkMs, string Embeddings, string? Store, string BotDll, int Port);
