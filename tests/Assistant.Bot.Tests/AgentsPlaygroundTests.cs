using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.RegularExpressions;
using Assistant.Access;
using Assistant.Bot.Activities;
using Assistant.Bot.Tests.Infrastructure;
using Assistant.Conversation;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests;

/// <summary>
/// Microsoft 365 Agents Playground 0.2.28 (the Teams emulator, npm @microsoft/m365agentsplayground), run as a real
/// node process in the Teams channel (-c msteams) against the running bot host (auth off, StubConversationService).
/// The test plays the Playground's own web UI through the same backend API its page uses: GET /_internal/v1/config,
/// the conversation WebSocket /_ws_conversation/v1/conversations/stream (and the log WebSocket /_ws/log/stream),
/// POST /_debug/conversation/{id}/installation (installationUpdate + conversationUpdate) and
/// POST /_conversation/v1/conversations/{id}/messages (the user's message). The Playground is kept offline by
/// playground/loopback-guard.js (listen() pinned to 127.0.0.1, no outbound connection or DNS lookup except loopback)
/// and exits with the test process (playground/exit-with-parent.js). Installs the package on first use
/// (scripts/install-playground.sh). Its stdout and stderr, its log file and everything both WebSockets carried are
/// saved under the test output (artifacts/agents-playground/).
/// </summary>
public sealed partial class AgentsPlaygroundTests
{
    private const string Question = "Thủ tục tách thửa đất ở Hà Nội cần những giấy tờ gì?";
    private const string PlaygroundUser = "Microsoft 365 Agents Playground";
    private const string UserApplication = "User Application";

    /// <summary>The Playground's default tenant and signed-in user (its built-in config; not real).</summary>
    private const string PlaygroundTenantId = "00000000-0000-0000-0000-0000000000001";
    private const string PlaygroundUserObjectId = "00000000-0000-0000-0000-0000000000020";

    private static string PlaygroundDir => Path.Combine(RepoPaths.Root, "tests", "Assistant.Bot.Tests", "playground");

    private static string PlaygroundCli => Path.Combine(PlaygroundDir, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");

    [SkippableFact]
    public async Task TeamsChannel_VietnameseQuestionReachesTheBot_AndTheAnswerComesBackToThePlayground()
    {
        Skip.IfNot(ProcessRunner.IsOnPath("node") && ProcessRunner.IsOnPath("npm"), "node/npm not installed");
        if (!File.Exists(PlaygroundCli))
        {
            var install = await ProcessRunner.RunAsync("bash", [RepoPaths.Script("install-playground.sh")], TimeSpan.FromMinutes(5));
            Assert.True(install.ExitCode == 0, "install-playground.sh failed: " + install.StdErr + install.StdOut);
        }

        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var ct = budget.Token;
        // The Playground sends no token, so its user is staff only under the development switch, from its tenant and on
        // a roster that lists it (its default tenant and user, checked against its config below).
        var roster = Path.Combine(Directory.CreateTempSubdirectory("assistant-playground-roster-").FullName, "roster.csv");
        await File.WriteAllTextAsync(roster, $"user,units,clearance\n{PlaygroundUserObjectId},00004,internal\n", ct);
        await using var host = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Staff:AllowUnverifiedInDevelopment"] = "true",
            ["Staff:TenantIds:0"] = PlaygroundTenantId,
            ["Staff:RosterPath"] = roster,
        });
        await using var playground = await PlaygroundProcess.StartAsync(new Uri(host.BaseAddress, "api/messages"), ct);
        using var http = new HttpClient { BaseAddress = playground.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };

        // What the page does first: load the config (the Playground waits there until the bot's endpoint answers).
        var config = await GetJsonAsync(http, "_internal/v1/config", () => playground.Output, ct);
        Assert.Equal("msteams", (string?)config["internalConfig"]!["channelId"]);
        var conversationId = (string)config["config"]!["personalChat"]!["id"]!;
        var userId = (string)config["config"]!["currentUser"]!["id"]!;
        var botId = (string)config["config"]!["bot"]!["id"]!;
        Assert.Equal(PlaygroundTenantId, (string?)config["config"]!["tenantId"]);
        Assert.Equal(PlaygroundUserObjectId, (string?)config["config"]!["currentUser"]!["aadObjectId"]);

        var wsBase = new UriBuilder(playground.BaseAddress) { Scheme = "ws" }.Uri;
        await using var conversation = await JsonWebSocket.ConnectAsync(new Uri(wsBase, "_ws_conversation/v1/conversations/stream"), ct);
        await using var log = await JsonWebSocket.ConnectAsync(new Uri(wsBase, "_ws/log/stream"), ct);
        string Diagnostics() =>
            $"\n--- conversation stream ---\n{conversation.Describe()}\n--- log stream ---\n{log.Describe()}\n--- playground ---\n{playground.Output}";
        try
        {
            await TalkThroughThePlaygroundAsync(host, http, conversation, log, conversationId, userId, botId, Diagnostics, ct);
            Assert.DoesNotContain("Error", playground.StdErrWithoutGuardReports, StringComparison.Ordinal);
        }
        finally
        {
            await File.WriteAllTextAsync(Path.Combine(RepoPaths.ArtifactDir("agents-playground"), "streams.txt"), Diagnostics(), CancellationToken.None);
        }
    }

    private static async Task TalkThroughThePlaygroundAsync(
        BotTestHost host, HttpClient http, JsonWebSocket conversation, JsonWebSocket log,
        string conversationId, string userId, string botId, Func<string> diagnostics, CancellationToken ct)
    {
        // Opening the personal chat installs the app: installationUpdate, then conversationUpdate (user and bot added).
        await PostJsonAsync(http, $"_debug/conversation/{conversationId}/installation", new JObject(), diagnostics, ct);
        var welcome = await conversation.WaitForAsync(
            m => IsBotMessage(m, botId) && (string?)m["message"]!["text"] == BotTexts.WelcomeStaff,
            "the staff welcome (Teams) after the conversationUpdate", diagnostics, ct);
        Assert.Equal(conversationId, (string?)welcome["actionConversationId"]);
        var conversationUpdate = await log.WaitForAsync(
            e => IsLogOf(e, "conversationUpdate", PlaygroundUser),
            "the conversationUpdate in the Playground's log", diagnostics, ct);
        Assert.Equal(200, (int?)conversationUpdate["log"]!["response"]!["statusCode"]);
        Assert.Equal("msteams", (string?)conversationUpdate["log"]!["request"]!["body"]!["channelId"]);
        Assert.Empty(host.Stub.Turns); // a conversationUpdate is not a question

        // The user types the question in the personal chat.
        var sent = await PostJsonAsync(http, $"_conversation/v1/conversations/{conversationId}/messages", new JObject
        {
            ["from"] = new JObject { ["id"] = userId },
            ["text"] = Question,
            ["textFormat"] = "plain",
        }, diagnostics, ct);
        Assert.False(string.IsNullOrEmpty((string?)sent["messageId"]), "no messageId: " + sent);

        var answer = await conversation.WaitForAsync(
            m => IsBotMessage(m, botId) && ((string?)m["message"]!["text"] ?? string.Empty).Contains(StubConversationService.AnswerPrefix, StringComparison.Ordinal),
            "the bot's answer", diagnostics, ct);
        var message = (JObject)answer["message"]!;
        Assert.Equal(conversationId, (string?)answer["actionConversationId"]);
        Assert.Contains(Question, (string?)message["text"]);
        Assert.Equal("markdown", (string?)message["textFormat"]);
        Assert.Contains("Hồ sơ gồm những gì?", message["suggestedActions"]?["actions"]?.Select(a => (string?)a["value"]) ?? []);

        // The Playground shows the reply's Adaptive Card as a message of its own, right after the text.
        var cardMessage = await conversation.WaitForAsync(
            m => IsBotMessage(m, botId) && ((JArray?)m["message"]!["attachments"])?.Count > 0,
            "the answer's card", diagnostics, ct);
        Assert.Equal(conversationId, (string?)cardMessage["actionConversationId"]);
        var card = Assert.Single(((JArray)cardMessage["message"]!["attachments"]!).Cast<JObject>());
        Assert.Equal(ReplyActivityBuilder.AdaptiveCardContentType, (string?)card["contentType"]);
        var cardJson = card["content"]!.ToString(Newtonsoft.Json.Formatting.None);
        Assert.Contains(StubConversationService.CardTitle, cardJson);
        Assert.Contains(StubConversationService.FakeCitation, cardJson);

        // The bot got a Teams-channel message with the question, unchanged, in the Playground's personal chat.
        var turn = Assert.Single(host.Stub.Turns);
        Assert.Equal(Question, turn.Text);
        Assert.Equal("msteams", turn.Channel);
        Assert.Equal(UserRole.Staff, turn.Role);
        Assert.Equal(conversationId, turn.ConversationId);

        // The Playground's own log: the message went to the bot (200) and the bot's reply came to its connector (2xx).
        var toBot = await log.WaitForAsync(
            e => IsLogOf(e, "message", PlaygroundUser) && (string?)e["log"]!["request"]!["body"]!["text"] == Question,
            "the message to the bot in the Playground's log", diagnostics, ct);
        Assert.Equal(200, (int?)toBot["log"]!["response"]!["statusCode"]);
        Assert.Equal("msteams", (string?)toBot["log"]!["request"]!["body"]!["channelId"]);
        var fromBot = await log.WaitForAsync(
            e => IsLogOf(e, "message", UserApplication)
                 && ((string?)e["log"]!["request"]!["body"]!["text"] ?? string.Empty).Contains(StubConversationService.AnswerPrefix, StringComparison.Ordinal),
            "the bot's reply in the Playground's log", diagnostics, ct);
        var replyStatus = (int?)fromBot["log"]!["response"]!["statusCode"];
        Assert.True(replyStatus is >= 200 and < 300, "the Playground's connector answered the bot's reply with " + replyStatus + diagnostics());
    }

    private static bool IsBotMessage(JObject action, string botId) =>
        (string?)action["action"] == "createMessage" && (string?)action["message"]?["from"]?["id"] == botId;

    private static bool IsLogOf(JObject entry, string activityName, string from) =>
        (string?)entry["logAction"] == "appendLog"
        && (string?)entry["log"]?["activityName"] == activityName
        && (string?)entry["log"]?["from"] == from
        && entry["log"]?["response"]?["statusCode"] is not null;

    private static async Task<JObject> GetJsonAsync(HttpClient http, string path, Func<string> diagnostics, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        return await ReadJsonAsync(response, diagnostics, ct);
    }

    private static async Task<JObject> PostJsonAsync(HttpClient http, string path, JObject body, Func<string> diagnostics, CancellationToken ct)
    {
        using var content = new StringContent(body.ToString(Newtonsoft.Json.Formatting.None), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content, ct);
        return await ReadJsonAsync(response, diagnostics, ct);
    }

    private static async Task<JObject> ReadJsonAsync(HttpResponseMessage response, Func<string> diagnostics, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}\n{diagnostics()}");
        return text.Length == 0 ? new JObject() : JObject.Parse(text);
    }

    /// <summary>The Playground's node process: started on a free loopback port, its whole process tree killed on dispose.</summary>
    private sealed partial class PlaygroundProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly DirectoryInfo _workDir;
        private readonly StringBuilder _stdout = new();
        private readonly StringBuilder _stderr = new();
        private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private PlaygroundProcess(Process process, DirectoryInfo workDir)
        {
            _process = process;
            _workDir = workDir;
        }

        public Uri BaseAddress { get; private set; } = null!;

        public string Output
        {
            get
            {
                string stdout, stderr;
                lock (_stdout)
                {
                    stdout = _stdout.ToString();
                }

                lock (_stderr)
                {
                    stderr = _stderr.ToString();
                }

                return $"[stdout]\n{stdout}[stderr]\n{stderr}";
            }
        }

        /// <summary>stderr minus the guard's "blocked …" reports (expected: the Playground probes the network).</summary>
        public string StdErrWithoutGuardReports
        {
            get
            {
                lock (_stderr)
                {
                    return string.Join('\n', _stderr.ToString().Split('\n').Where(l => !l.StartsWith("loopback-guard: blocked", StringComparison.Ordinal)));
                }
            }
        }

        public static async Task<PlaygroundProcess> StartAsync(Uri botEndpoint, CancellationToken ct)
        {
            var workDir = Directory.CreateTempSubdirectory("assistant-bot-playground-");
            var info = new ProcessStartInfo("node")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workDir.FullName, // it writes devTools/ and reads .m365agentsplayground.yml there
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (var argument in new[] { PlaygroundCli, "-p", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "msteams", "--disable-telemetry" })
            {
                info.ArgumentList.Add(argument);
            }

            foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" })
            {
                info.Environment.Remove(name);
            }

            info.Environment["NO_PROXY"] = "127.0.0.1,localhost";
            info.Environment["BOT_ENDPOINT"] = botEndpoint.ToString();
            info.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
            info.Environment["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(workDir.FullName, "m365agentsplayground.log");
            info.Environment["NODE_OPTIONS"] =
                $"--require \"{Path.Combine(PlaygroundDir, "loopback-guard.js")}\" --require \"{Path.Combine(PlaygroundDir, "exit-with-parent.js")}\"";

            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            var playground = new PlaygroundProcess(process, workDir);
            process.OutputDataReceived += (_, e) => playground.OnStdout(e.Data);
            process.ErrorDataReceived += (_, e) => playground.OnStderr(e.Data);
            process.Exited += (_, _) => playground._listening.TrySetException(
                new InvalidOperationException("The Playground exited before listening.\n" + playground.Output));
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                var port = await playground._listening.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
                playground.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
                return playground;
            }
            catch
            {
                await playground.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }

                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (InvalidOperationException)
            {
                // Never started, or already gone.
            }
            finally
            {
                SaveArtifacts();
                _process.Dispose();
                try
                {
                    _workDir.Delete(recursive: true);
                }
                catch (IOException)
                {
                    // A temp folder; not worth failing the test for.
                }
            }
        }

        private void SaveArtifacts()
        {
            try
            {
                var dir = RepoPaths.ArtifactDir("agents-playground");
                File.WriteAllText(Path.Combine(dir, "output.txt"), Output);
                var logFile = Path.Combine(_workDir.FullName, "m365agentsplayground.log");
                if (File.Exists(logFile))
                {
                    File.Copy(logFile, Path.Combine(dir, "m365agentsplayground.log"), overwrite: true);
                }
            }
            catch (IOException)
            {
                // Diagnostics only.
            }
        }

        private void OnStdout(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_stdout)
            {
                _stdout.AppendLine(line);
            }

            // The port it really took (it falls back to a random one if ours was taken meanwhile).
            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                _listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        private void OnStderr(string? line)
        {
            if (line is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(line);
                }
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        [GeneratedRegex(@"^Listening on (\d+)\s*$")]
        private static partial Regex ListeningLine();
    }

    /// <summary>A WebSocket whose text frames are JSON objects, all kept in arrival order.</summary>
    private sealed class JsonWebSocket : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly List<JObject> _received = [];
        private readonly SemaphoreSlim _signal = new(0);
        private Task _loop = Task.CompletedTask;
        private Exception? _error;

        public static async Task<JsonWebSocket> ConnectAsync(Uri uri, CancellationToken ct)
        {
            var ws = new JsonWebSocket();
            try
            {
                await ws._socket.ConnectAsync(uri, ct);
            }
            catch
            {
                await ws.DisposeAsync();
                throw;
            }

            ws._loop = Task.Run(ws.ReceiveLoopAsync);
            return ws;
        }

        public async Task<JObject> WaitForAsync(Func<JObject, bool> predicate, string what, Func<string> diagnostics, CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (true)
            {
                lock (_received)
                {
                    var hit = _received.FirstOrDefault(predicate);
                    if (hit is not null)
                    {
                        return hit;
                    }
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || ct.IsCancellationRequested || (_loop.IsCompleted && _signal.CurrentCount == 0))
                {
                    throw new TimeoutException($"Not received: {what}. Socket error: {_error?.Message ?? "none"}{diagnostics()}");
                }

                try
                {
                    await _signal.WaitAsync(left < TimeSpan.FromMilliseconds(250) ? left : TimeSpan.FromMilliseconds(250), ct);
                }
                catch (OperationCanceledException)
                {
                    // Reported by the check above on the next round.
                }
            }
        }

        public string Describe()
        {
            lock (_received)
            {
                return string.Join('\n', _received.Select(r => r.ToString(Newtonsoft.Json.Formatting.None)));
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _socket.Abort();
            try
            {
                await _loop;
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // Stopping.
            }

            _socket.Dispose();
            _stop.Dispose();
            _signal.Dispose();
        }

        private async Task ReceiveLoopAsync()
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }

                    var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                    message.SetLength(0);
                    JObject parsed;
                    try
                    {
                        parsed = JObject.Parse(text);
                    }
                    catch (Newtonsoft.Json.JsonReaderException)
                    {
                        parsed = new JObject { ["unparsed"] = text };
                    }

                    lock (_received)
                    {
                        _received.Add(parsed);
                    }

                    _signal.Release();
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                if (!_stop.IsCancellationRequested)
                {
                    _error = ex;
                }
            }
        }
    }
}
