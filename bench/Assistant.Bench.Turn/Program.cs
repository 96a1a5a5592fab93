using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Assistant.Bench;
using Assistant.Bench.Turn;
using Assistant.Conversation;
using Assistant.Conversation.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: dotnet run -c Release --project bench/Assistant.Bench.Turn -- [--passes 3] [--record FILE | --compare FILE] [--store DIR] [--cache N] [--stages]
// Every development question (eval/*.jsonl; eval/validation/ is never read) is the first turn of a fresh conversation,
// followed by one follow-up ("mất bao lâu?"…), through the conversation core as the bot composes it (the bot's
// Retrieval/Store settings, embeddings off, the search-result cache off unless --cache N). Pass 1 warms up (JIT,
// Lucene); the later passes are measured: process CPU per turn and this thread's CPU per turn (a turn runs on one
// thread: the store and SQLite complete synchronously). --record writes every reply as one JSON line; --compare checks
// them byte for byte and exits 1 on any difference (the clock is fixed, so dates in replies do not move).
int passes = Arg("--passes", 3);
var record = ArgS("--record");
var compare = ArgS("--compare");
var root = FindRoot();
var temp = Directory.CreateTempSubdirectory("assistant-bench-turn-");
try
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddJsonFile(Path.Combine(root, "src", "Assistant.Bot", "appsettings.json"), optional: false);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Store:Path"] = ArgS("--store") is { } store ? Path.GetFullPath(store) : Path.Combine(temp.FullName, "store"),
        ["Embeddings:Provider"] = "none",
        ["Conversation:StatePath"] = Path.Combine(temp.FullName, "state.db"),
        ["Retrieval:ResultCacheSize"] = (ArgS("--cache") ?? "0"),
    });
    builder.Logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole();
    builder.Services.AddSingleton<TimeProvider>(new FixedClock(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.FromHours(7))));
    builder.Services.AddAssistantConversation(builder.Configuration);
    using var host = builder.Build();
    await host.StartAsync();
    var bootstrap = host.Services.GetRequiredService<CorpusBootstrapService>();
    var ready = Stopwatch.StartNew();
    while (!bootstrap.IsReady)
    {
        if (ready.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"corpus not indexed: {bootstrap.Status}");
        await Task.Delay(100);
    }
    var service = host.Services.GetRequiredService<IConversationService>();

    var files = Directory.GetFiles(Path.Combine(root, "eval"), "*.jsonl").Order(StringComparer.Ordinal).ToList();
    var questions = new List<string>();
    foreach (var file in files)
        foreach (var line in File.ReadLines(file).Where(l => l.Trim().Length > 0))
            if (JsonDocument.Parse(line).RootElement.TryGetProperty("question", out var q)) questions.Add(q.GetString()!);
    string[] followUps = ["còn giấy tờ gì nữa?", "mất bao lâu?", "nộp hồ sơ ở đâu?"];
    Console.WriteLine($"{questions.Count} development questions from {files.Count} files, each + one follow-up; corpus ready in {ready.Elapsed.TotalSeconds:0.0} s");

    var json = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    var replies = new List<string>();
    var later = new List<List<string>>();
    var cpuPerTurn = new List<double>();
    double processCpu = 0, wall = 0;
    int measuredTurns = 0;
    for (int pass = 0; pass < passes; pass++)
    {
        if (pass > 0) later.Add([]);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < questions.Count; i++)
        {
            string conversation = $"p{pass}-c{i}";
            foreach (var text in new[] { questions[i], followUps[i % followUps.Length] })
            {
                double t0 = ThreadCpu.NowMs();
                var reply = await service.HandleAsync(new UserTurn(conversation, text, "emulator"), CancellationToken.None);
                double t1 = ThreadCpu.NowMs();
                if (pass > 0) cpuPerTurn.Add(t1 - t0);
                var line = JsonSerializer.Serialize(new { text, reply }, json);
                if (pass == 0) replies.Add(line);
                else later[^1].Add(line);
            }
        }
        sw.Stop();
        if (pass > 0)
        {
            processCpu += (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
            wall += sw.Elapsed.TotalMilliseconds;
            measuredTurns += questions.Count * 2;
        }
        Console.WriteLine($"pass {pass + 1}{(pass == 0 ? " (warm-up)" : "")}: {questions.Count * 2} turns in {sw.Elapsed.TotalSeconds:0.0} s");
    }
    if (measuredTurns > 0)
    {
        cpuPerTurn.Sort();
        double P(double q) => cpuPerTurn[Math.Min(cpuPerTurn.Count - 1, (int)Math.Ceiling(q * cpuPerTurn.Count) - 1)];
        Console.WriteLine($"measured {measuredTurns} turns (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}): " +
            $"process CPU {processCpu / measuredTurns:0.00} ms/turn · turn thread CPU mean {cpuPerTurn.Average():0.00} ms, p50 {P(0.5):0.00}, p95 {P(0.95):0.00}, p99 {P(0.99):0.00} · wall {wall / measuredTurns:0.00} ms/turn");
    }
    if (args.Contains("--stages")) await StagesAsync(host.Services, questions);
    await host.StopAsync();

    if (record is not null)
    {
        File.WriteAllLines(record, replies, new UTF8Encoding(false));
        Console.WriteLine($"{replies.Count} replies written to {record}");
    }
    if (compare is not null)
    {
        var expected = File.ReadAllLines(compare);
        int differ = 0;
        for (int i = 0; i < Math.Max(expected.Length, replies.Count); i++)
        {
            var want = i < expected.Length ? expected[i] : "(none)";
            var got = i < replies.Count ? replies[i] : "(none)";
            if (want == got) continue;
            if (differ++ < 5) Console.WriteLine($"reply {i} differs:\n  expected {want[..Math.Min(400, want.Length)]}\n  got      {got[..Math.Min(400, got.Length)]}");
        }
        // The later passes ask the same questions again (in new conversations): with a cache on, their answers come from it.
        foreach (var (pass, lines) in later.Select((l, i) => (i + 2, l)))
            for (int i = 0; i < lines.Count; i++)
                if (i >= expected.Length || lines[i] != expected[i])
                {
                    if (differ++ < 5) Console.WriteLine($"pass {pass}, reply {i} differs");
                }
        Console.WriteLine(differ == 0 ? $"all {replies.Count} replies (and those of {later.Count} later passes) identical to {compare}" : $"{differ} replies differ from {compare}");
        if (differ > 0) return 1;
    }
    return 0;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    try { temp.Delete(recursive: true); } catch (IOException) { }
}

// The parts of a turn on their own, each over every question (thread CPU per question, after one warm-up round): what a
// turn's CPU is made of, without a profiler.
static async Task StagesAsync(IServiceProvider services, List<string> questions)
{
    var matcher = services.GetRequiredService<Assistant.Land.Procedures.ProcedureMatcher>();
    var units = services.GetRequiredService<Assistant.Land.AdminUnits.AdminUnitRegistry>();
    var router = services.GetRequiredService<Assistant.Conversation.Routing.TurnRouter>();
    var states = services.GetRequiredService<Assistant.Conversation.State.ConversationStateStore>();
    var regulations = services.GetRequiredService<Assistant.Conversation.Answering.RegulationSources>();
    var scope = services.GetRequiredService<Assistant.Access.AccessPolicy>().ScopeFor(new Assistant.Access.CallerIdentity(Assistant.Access.UserRole.Citizen));
    var empty = Assistant.Conversation.State.ConversationState.New("stage", DateTimeOffset.UnixEpoch);
    var stages = new (string Name, Func<string, Task> Run)[]
    {
        ("procedure matcher", q => { matcher.Match(q); return Task.CompletedTask; }),
        ("unit names in text", q => { units.FindInText(q); return Task.CompletedTask; }),
        ("router (matcher + units + decision)", q =>
        {
            var unit = units.FindInText(q);
            router.Decide(q, empty, matcher.Match(router.ProcedureText(q, unit)), unit);
            return Task.CompletedTask;
        }),
        ("state read + write (SQLite)", async q =>
        {
            var state = await states.GetAsync("stage-" + q.Length, CancellationToken.None);
            await states.SaveAsync(state with { LastQuery = q, Turns = state.Turns + 1 }, CancellationToken.None);
        }),
        ("search of the question", q => regulations.SearchAsync(q, scope, CancellationToken.None)),
        ("aspect articles (after no hits)", q => regulations.WithAspectArticlesAsync(q, [], scope, CancellationToken.None)),
    };
    foreach (var (name, run) in stages)
    {
        foreach (var q in questions) await run(q);
        double cpu = 0;
        foreach (var q in questions)
        {
            double t0 = ThreadCpu.NowMs();
            await run(q);
            cpu += ThreadCpu.NowMs() - t0;
        }
        Console.WriteLine($"  stage {name}: {cpu / questions.Count:0.000} ms CPU per question");
    }
}

int Arg(string name, int fallback) => ArgS(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
string? ArgS(string name) { int i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Assistant.sln"))) return dir.FullName;
    throw new DirectoryNotFoundException("Assistant.sln not found above the program");
}
