using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Assistant.Retrieval.Tests.Storage;

namespace Assistant.Retrieval.Tests.Cli;

/// <summary>
/// The indexer CLI run as operators run it (a child process), with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a small OTLP/HTTP
/// receiver on 127.0.0.1: the run's trace and metrics arrive; without the variable nothing is sent. The receiver only
/// stores the protobuf bodies; span, metric and service names are plain UTF-8 strings inside them.
/// </summary>
public sealed class IndexerTelemetryTests : IDisposable
{
    private readonly ScratchFolder _tmp = new("assistant-cli-otel-");

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public async Task An_indexing_run_exports_its_trace_and_metrics_over_otlp_when_the_endpoint_is_set_and_no_file_name()
    {
        // A file named after a phone number: names of files never leave as attributes.
        var docs = _tmp.Folder("docs");
        await File.WriteAllTextAsync(Path.Combine(docs, "ho-so-0912345678.md"), StoreTestData.Decision("77/2025/QĐ-UBND", "QUYẾT ĐỊNH VỀ HẠN MỨC CÔNG NHẬN ĐẤT Ở",
            ("Phạm vi điều chỉnh", "Quyết định này quy định hạn mức công nhận đất ở."), ("Hạn mức", "1. Tại các phường: 150 m2.")));
        using var receiver = new OtlpReceiver();

        var (exit, _, err) = await RunIndexerAsync(docs, new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint, ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" });
        Assert.True(exit == 0, err);

        var traces = receiver.Bodies("/v1/traces");
        Assert.Contains("indexing.run", traces, StringComparison.Ordinal);
        Assert.Contains("indexing.file", traces, StringComparison.Ordinal);
        Assert.Contains("assistant.indexing.chunks", traces, StringComparison.Ordinal);
        Assert.Contains("assistant-indexer", traces, StringComparison.Ordinal);
        var metrics = receiver.Bodies("/v1/metrics");
        Assert.Contains("assistant.indexing.chunks", metrics, StringComparison.Ordinal);
        Assert.Contains("assistant.indexing.throughput", metrics, StringComparison.Ordinal);
        Assert.Contains("assistant.indexing.files", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("0912345678", traces + metrics, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Without_an_otlp_endpoint_nothing_is_sent_not_even_to_the_default_one()
    {
        var docs = _tmp.Folder("docs");
        await File.WriteAllTextAsync(Path.Combine(docs, "qd.md"), StoreTestData.Decision("78/2025/QĐ-UBND", "QUYẾT ĐỊNH THỬ",
            ("Phạm vi điều chỉnh", "Quyết định này quy định thử.")));
        // The receiver listens where an exporter with no endpoint configured would send (OTLP/HTTP's default port).
        OtlpReceiver receiver;
        try
        {
            receiver = new OtlpReceiver(4318);
        }
        catch (HttpListenerException)
        {
            throw new SkipException("127.0.0.1:4318 is taken on this machine");
        }
        using (receiver)
        {
            var (exit, _, err) = await RunIndexerAsync(docs, new() { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" });
            Assert.True(exit == 0, err);
            Assert.Equal(0, receiver.Requests);
        }
    }

    private async Task<(int Exit, string Out, string Err)> RunIndexerAsync(string docs, Dictionary<string, string> environment)
    {
        var indexerDll = Path.Combine(AppContext.BaseDirectory, "assistant-indexer.dll");
        var start = new ProcessStartInfo("dotnet", [indexerDll, "index", docs, "--store", _tmp.File("store-" + Guid.NewGuid().ToString("N"))])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASSISTANT_Embeddings__Provider"] = "none";
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(key);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await child.WaitForExitAsync(limit.Token);
        return (child.ExitCode, await stdout, await stderr);
    }

    /// <summary>TEST ONLY: an OTLP/HTTP endpoint that answers 200 to every export and keeps the bodies by path.</summary>
    private sealed class OtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _bodies = new();
        private readonly Task _loop;

        /// <param name="port">A fixed port (taken: <see cref="HttpListenerException"/>), or 0 for a free one.</param>
        public OtlpReceiver(int port = 0)
        {
            // HttpListener cannot listen on port 0, so a free port is looked up first; another process of the test run
            // may take it before the listener does, so a port found taken is replaced by another one.
            for (var attempt = 1; ; attempt++)
            {
                var candidate = port != 0 ? port : FreePort();
                _listener = new HttpListener();
                _listener.Prefixes.Add($"http://127.0.0.1:{candidate}/");
                // "localhost" only for the fixed port of the exporter's default endpoint (http://localhost:4318): on a
                // probed port it is not needed, and .NET's listener binds it per address (::1 too), which another
                // process of the test run may hold — its removal at Dispose then fails with "Address already in use".
                if (port != 0) _listener.Prefixes.Add($"http://localhost:{candidate}/");
                try
                {
                    _listener.Start();
                    Endpoint = $"http://127.0.0.1:{candidate}";
                    break;
                }
                catch (HttpListenerException) when (port == 0 && attempt < 20)
                {
                    _listener.Close();
                }
            }
            _loop = Task.Run(LoopAsync);
        }

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        public string Endpoint { get; }

        public int Requests => _bodies.Count;

        public string Bodies(string path) =>
            string.Join("\n", _bodies.Where(b => b.Path == path).Select(b => Encoding.UTF8.GetString(b.Body)));

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _bodies.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
