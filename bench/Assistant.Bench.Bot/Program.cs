using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

// Usage: dotnet run -c Release --project bench/Assistant.Bench.Bot -- [--conversations 50] [--turns 60] [--triage-requests 400]
//        [--embeddings none|minilm] [--store DIR (kept between runs, so a MiniLM index is built once)] [--bot PATH/Assistant.Bot.dll]
//        [--auth (officer sign-in on: triage requests carry bearer tokens from a bench double issuer)]
//        --soak [DURATION=10m] [--soak-interval 60s] [--triage-rate 10] [--think-ms 0]: endurance run, see Soak.cs and bench/README.md
// Builds nothing itself: build the bot first (dotnet build src/Assistant.Bot -c Release).
int conversations = Arg("--conversations", 50), turns = Arg("--turns", 60);
var embeddings = ArgS("--embeddings") ?? "none";
var auth = args.Contains("--auth");
var root = FindRoot();
var botDll = ArgS("--bot") ?? Path.Combine(root, "src", "Assistant.Bot", "bin", "Release", "net10.0", "Assistant.Bot.dll");
if (!File.Exists(botDll)) { Console.Error.WriteLine($"Bot not built: {botDll} (run: dotnet build src/Assistant.Bot -c Release)"); return 2; }
if (args.Contains("--soak"))
{
    // Endurance run (Soak.cs): bounded by the duration, rows per interval, exit 1 on any error.
    var soakValue = ArgS("--soak") is { } v && !v.StartsWith("--", StringComparison.Ordinal) ? v : "10m";
    Assistant.Bench.Bot.SoakOptions soak;
    try
    {
        soak = new Assistant.Bench.Bot.SoakOptions(
            Assistant.Bench.Bot.SoakMath.ParseDuration(soakValue),
            Assistant.Bench.Bot.SoakMath.ParseDuration(ArgS("--soak-interval") ?? "60s"),
            conversations, turns,
            double.Parse(ArgS("--triage-rate") ?? "10", System.Globalization.CultureInfo.InvariantCulture),
            Arg("--triage-in-flight", 16), Arg("--think-ms", 0), embeddings, ArgS("--store"), botDll, FreePort());
    }
    catch (FormatException e)
    {
        Console.Error.WriteLine($"--soak: {e.Message}");
        return 2;
    }
    return await new Assistant.Bench.Bot.Soak(soak, root).RunAsync();
}

var temp = Directory.CreateTempSubdirectory("assistant-bench-bot-");
int port = FreePort();
// A bot built in another tree (--bot) runs with that tree's settings (its src/Assistant.Bot/appsettings.json), so a
// before/after comparison measures each tree as it was; the questions and the load client are this tree's.
var botRoot = FindRootAbove(Path.GetDirectoryName(Path.GetFullPath(botDll))!) ?? root;
var psi = new ProcessStartInfo("dotnet", [botDll, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", Path.Combine(botRoot, "src", "Assistant.Bot")])
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    UseShellExecute = false,
};
psi.Environment["Store__Path"] = ArgS("--store") is { } storeDir ? Path.GetFullPath(storeDir) : Path.Combine(temp.FullName, "store");
psi.Environment["Conversation__StatePath"] = Path.Combine(temp.FullName, "state.db");
psi.Environment["Embeddings__Provider"] = embeddings;
psi.Environment["Logging__LogLevel__Default"] = "Warning";
psi.Environment["Triage__DatabasePath"] = Path.Combine(temp.FullName, "triage.db");
psi.Environment["Audit__DatabasePath"] = Path.Combine(temp.FullName, "audit.db");
const string audience = "api://tro-ly-dat-dai";
using var issuer = auth ? BenchTokenIssuer.Start() : null;
if (issuer is not null)
{
    psi.Environment["Auth__Authority"] = issuer.Issuer;
    psi.Environment["Auth__Audience"] = audience;
    psi.Environment["Auth__RequireHttpsMetadata"] = "false";
}
// Every conversation of the bench comes from one loopback address: the per-client rate limits are raised out of the way
// (the bench measures turns, not the limiter's refusals).
foreach (var policy in new[] { "DirectLineToken", "DirectLine", "DirectLinePolling", "Messages", "Page", "Officer" })
    psi.Environment[$"RateLimits__{policy}__PermitLimit"] = "100000000";
using var bot = Process.Start(psi)!;
bot.OutputDataReceived += (_, _) => { };
bot.ErrorDataReceived += (_, _) => { };
bot.BeginOutputReadLine();
bot.BeginErrorReadLine();
try
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = conversations * 2 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
    var ready = Stopwatch.StartNew();
    while (true)
    {
        try { if ((await http.GetAsync("healthz")).StatusCode == HttpStatusCode.OK) break; } catch (HttpRequestException) { }
        if (ready.Elapsed > TimeSpan.FromMinutes(15)) throw new TimeoutException("bot not ready in 15 minutes");
        await Task.Delay(200);
    }
    Console.WriteLine($"bot ready (corpus indexed, embeddings: {embeddings}) in {ready.Elapsed.TotalSeconds:0.0} s");

    // Varied questions (the development sets: citizen questions, officer descriptions, legal scenarios), so no answer is
    // served twice from a warm path more often than real traffic would; follow-ups keep conversations multi-turn.
    var questions = new List<string>();
    foreach (var file in new[] { "citizen-procedures.jsonl", "dev-scenarios.jsonl" })
        foreach (var line in File.ReadLines(Path.Combine(root, "eval", file)).Where(l => l.Trim().Length > 0))
            questions.Add(JsonDocument.Parse(line).RootElement.GetProperty("question").GetString()!);
    string[] followUps = ["còn giấy tờ gì nữa?", "mất bao lâu?", "nộp hồ sơ ở đâu?"];
    string Question(int c, int t) => t % 3 == 2 ? followUps[(c + t) % followUps.Length] : questions[(c * 7919 + t * 104729) % questions.Count];
    async Task<List<double>> Conversation(int c)
    {
        var latencies = new List<double>(turns);
        for (int t = 0; t < turns; t++)
        {
            var body = JsonSerializer.Serialize(new
            {
                type = "message",
                id = $"{c}-{t}",
                channelId = "emulator",
                serviceUrl = "http://127.0.0.1:9/",
                deliveryMode = "expectReplies",
                conversation = new { id = $"bench-{c}" },
                from = new { id = $"user-{c}", role = "user" },
                recipient = new { id = "bot" },
                locale = "vi-VN",
                text = Question(c, t),
            });
            var sw = Stopwatch.StartNew();
            using var response = await http.PostAsync("api/messages", new StringContent(body, Encoding.UTF8, "application/json"));
            var content = await response.Content.ReadAsStringAsync();
            sw.Stop();
            if (response.StatusCode != HttpStatusCode.OK || !content.Contains("\"activities\"", StringComparison.Ordinal))
                throw new InvalidOperationException($"turn failed: {(int)response.StatusCode} {content[..Math.Min(200, content.Length)]}");
            latencies.Add(sw.Elapsed.TotalMilliseconds);
        }
        return latencies;
    }
    // Warm-up: JIT tiers, Lucene caches, SQLite pool.
    for (int w = 0; w < 5; w++) await Task.WhenAll(Enumerable.Range(0, 8).Select(c => Conversation(1000 + w * 8 + c)));
    bot.Refresh();
    var botCpuBefore = bot.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    var all = (await Task.WhenAll(Enumerable.Range(0, conversations).Select(Conversation))).SelectMany(l => l).OrderBy(x => x).ToList();
    wall.Stop();
    // The bot's own CPU per turn (all its threads: turns, GC, the thread pool's spinning), which the load client and
    // other processes on the machine do not inflate the way they inflate latency.
    bot.Refresh();
    double botCpuPerTurn = (bot.TotalProcessorTime - botCpuBefore).TotalMilliseconds / all.Count;
    double P(double q) => all[Math.Min(all.Count - 1, (int)Math.Ceiling(q * all.Count) - 1)];
    Console.WriteLine($"conversations {conversations} × turns {turns} = {all.Count} turns over HTTP on loopback (expectReplies, no LLM, embeddings: {embeddings})");
    Console.WriteLine($"turn latency ms: p50 {P(0.50):0.0} · p95 {P(0.95):0.0} · p99 {P(0.99):0.0} · max {all[^1]:0.0}   (target p95 ≤ 150 ms)");
    Console.WriteLine($"throughput: {all.Count / wall.Elapsed.TotalSeconds:0.0} turns/s over {wall.Elapsed.TotalSeconds:0.0} s; bot CPU {botCpuPerTurn:0.00} ms per turn");
    // Triage over HTTP: the dev dossiers with fresh ids, 16 requests in flight.
    var dossiers = File.ReadLines(Path.Combine(root, "eval", "dossiers-dev.jsonl")).Where(l => l.Trim().Length > 0)
        .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject()).ToList();
    int triageRequests = Arg("--triage-requests", 400), next = 0;
    var triageLatencies = new System.Collections.Concurrent.ConcurrentBag<double>();
    // With --auth each worker holds one token, as a client would for the token's lifetime; the bot validates it on every request.
    async Task TriageWorker()
    {
        var token = issuer?.Token(audience, "bench-supervisor", ["supervisor"], ["*"], TimeSpan.FromHours(1));
        int i;
        while ((i = Interlocked.Increment(ref next)) <= triageRequests)
        {
            var d = dossiers[i % dossiers.Count].DeepClone().AsObject();
            d.Remove("gold");
            d["id"] = $"BENCH-{i}";
            var sw = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/triage") { Content = new StringContent(d.ToJsonString(), Encoding.UTF8, "application/json") };
            if (token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var r = await http.SendAsync(request);
            await r.Content.ReadAsStringAsync();
            sw.Stop();
            if (r.StatusCode == HttpStatusCode.Unauthorized && !auth)
                throw new InvalidOperationException("triage answered 401: this bot requires officer sign-in for /api/triage; run the bench with --auth");
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"triage failed: {(int)r.StatusCode}");
            triageLatencies.Add(sw.Elapsed.TotalMilliseconds);
        }
    }
    var triageWall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => TriageWorker()));
    triageWall.Stop();
    var tl = triageLatencies.OrderBy(x => x).ToList();
    Console.WriteLine($"triage over HTTP{(auth ? " with bearer tokens" : "")}: {tl.Count / triageWall.Elapsed.TotalSeconds:0.0} requests/s (16 in flight), p50 {tl[tl.Count / 2]:0.0} ms, p95 {tl[(int)(tl.Count * 0.95)]:0.0} ms");

    // The cost of the sign-in check alone: GET /officer/session with a token (validated and mapped, no store, no audit row)
    // against the same request without one (refused before any validation), alternating rounds of 500, 16 in flight.
    double? gateDeltaP50 = null, gateDeltaP95 = null;
    if (issuer is not null)
    {
        var token = issuer.Token(audience, "bench-officer", ["officer"], ["00004"], TimeSpan.FromHours(1));
        var signedIn = new System.Collections.Concurrent.ConcurrentBag<double>();
        var anonymous = new System.Collections.Concurrent.ConcurrentBag<double>();
        async Task Probe(string? bearer, HttpStatusCode expected, System.Collections.Concurrent.ConcurrentBag<double> into, int count)
        {
            int left = count;
            async Task Worker()
            {
                while (Interlocked.Decrement(ref left) >= 0)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "officer/session");
                    if (bearer is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
                    var sw = Stopwatch.StartNew();
                    using var r = await http.SendAsync(request);
                    await r.Content.ReadAsStringAsync();
                    sw.Stop();
                    if (r.StatusCode != expected) throw new InvalidOperationException($"officer/session answered {(int)r.StatusCode}, expected {(int)expected}");
                    into.Add(sw.Elapsed.TotalMilliseconds);
                }
            }
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Worker()));
        }
        await Probe(token, HttpStatusCode.OK, [], 200); // warm-up: JIT, signing keys fetched
        await Probe(null, HttpStatusCode.Unauthorized, [], 200);
        for (int round = 0; round < 4; round++)
        {
            await Probe(token, HttpStatusCode.OK, signedIn, 500);
            await Probe(null, HttpStatusCode.Unauthorized, anonymous, 500);
        }
        static (double P50, double P95) Percentiles(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return (sorted[sorted.Count / 2], sorted[(int)(sorted.Count * 0.95)]);
        }
        var (withP50, withP95) = Percentiles(signedIn);
        var (withoutP50, withoutP95) = Percentiles(anonymous);
        gateDeltaP50 = withP50 - withoutP50;
        gateDeltaP95 = withP95 - withoutP95;
        Console.WriteLine($"sign-in check (GET /officer/session, 16 in flight, 2000 each): with a bearer token p50 {withP50:0.00} ms, p95 {withP95:0.00} ms; without (401) p50 {withoutP50:0.00} ms, p95 {withoutP95:0.00} ms");
    }

    // Classifier: training time on the bundled training data, then predictions per second (in process).
    var examples = Assistant.Triage.Classification.TrainingData.Load(Path.Combine(root, "data", "triage", "training.jsonl"));
    var trainClock = Stopwatch.StartNew();
    var model = Assistant.Triage.Classification.ProcedureClassifier.Train(examples);
    trainClock.Stop();
    var predictClock = Stopwatch.StartNew();
    int predictions = 0;
    while (predictClock.Elapsed < TimeSpan.FromSeconds(3))
    {
        var e = examples[predictions % examples.Count];
        model.Predict(e.Description, e.Documents);
        predictions++;
    }
    Console.WriteLine($"classifier: trained on {examples.Count} examples in {trainClock.Elapsed.TotalSeconds:0.0} s; {predictions / predictClock.Elapsed.TotalSeconds:0} predictions/s (one thread)");
    bot.Refresh();
    Console.WriteLine($"bot process peak working set: {bot.PeakWorkingSet64 / 1024.0 / 1024.0:0} MB");
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        conversations,
        turns,
        auth,
        p50 = P(0.5),
        p95 = P(0.95),
        p99 = P(0.99),
        throughput = all.Count / wall.Elapsed.TotalSeconds,
        botCpuPerTurn,
        triageP50 = tl[tl.Count / 2],
        triageP95 = tl[(int)(tl.Count * 0.95)],
        triageRps = tl.Count / triageWall.Elapsed.TotalSeconds,
        gateDeltaP50,
        gateDeltaP95,
    }));
    return 0;
}
finally
{
    if (!bot.HasExited) { bot.Kill(entireProcessTree: true); await bot.WaitForExitAsync(); }
    try { temp.Delete(recursive: true); } catch (IOException) { }
}

int Arg(string name, int fallback) => ArgS(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
string? ArgS(string name) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
static int FreePort() { var l = new TcpListener(IPAddress.Loopback, 0); l.Start(); int p = ((IPEndPoint)l.LocalEndpoint).Port; l.Stop(); return p; }
static string? FindRootAbove(string folder)
{
    for (var d = new DirectoryInfo(folder); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "Assistant.sln"))) return d.FullName;
    return null;
}
static string FindRoot()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "Assistant.sln"))) return d.FullName;
    return Directory.GetCurrentDirectory();
}
