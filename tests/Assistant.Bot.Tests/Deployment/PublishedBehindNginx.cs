using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Assistant.Bot.Tests.Infrastructure;

namespace Assistant.Bot.Tests.Deployment;

/// <summary>
/// The deployment as an operator makes it, on one machine: the published build (deploy/publish.sh, linux-x64
/// self-contained) installed by deploy/install.sh into a prefix, started the way its systemd unit starts it (systemd is
/// not PID 1 here: <see cref="SystemdUnit"/> reads ExecStart, WorkingDirectory, Environment= and EnvironmentFile= of the
/// installed unit; the user switch is the one thing left out), and Debian's nginx in front with deploy/nginx's site, its
/// listen ports, upstream port and certificate paths rewritten for the test, TLS with a certificate made here. nginx
/// runs unprivileged with its own prefix, pid and temp paths. The bot indexes the bundled corpus on its first start.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PublishedBehindNginx : IAsyncLifetime
{
    /// <summary>Token requests allowed per client and minute in this deployment (its environment file sets it).</summary>
    public const int TokenLimit = 3;

    private readonly StringBuilder _botOutput = new();
    private Process? _bot;
    private Process? _nginx;

    public string Root { get; } = Directory.CreateTempSubdirectory("assistant-deploy-").FullName;

    public string Prefix => Path.Combine(Root, "prefix");

    public string NginxDir => Path.Combine(Root, "nginx");

    public string UnitPath => Path.Combine(Prefix, "etc", "systemd", "system", "tro-ly-dat-dai.service");

    public int BotPort { get; private set; }

    public int HttpsPort { get; private set; }

    public int HttpPort { get; private set; }

    public X509Certificate2 Certificate { get; private set; } = null!;

    /// <summary>base64 SHA-256 of the certificate's public key, for Chromium's --ignore-certificate-errors-spki-list.</summary>
    public string SpkiHash => Convert.ToBase64String(SHA256.HashData(Certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    public Uri ProxyAddress => new($"https://127.0.0.1:{HttpsPort}/");

    public string InstallOutput { get; private set; } = "";

    public string BotOutput
    {
        get
        {
            lock (_botOutput)
            {
                return _botOutput.ToString();
            }
        }
    }

    public static string PublishDir => Path.Combine(RepoPaths.Root, "artifacts", "publish", "bot", "linux-x64");

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xUnit does not dispose a fixture whose start failed: stop what did start (processes, 300 MB of copies).
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        if (!File.Exists(Path.Combine(PublishDir, "Assistant.Bot")) || !File.Exists(Path.Combine(PublishDir, "wwwroot", "webchat", "webchat.js")))
        {
            var publish = await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Root, "deploy", "publish.sh")], TimeSpan.FromMinutes(25));
            Assert.True(publish.ExitCode == 0, "deploy/publish.sh failed: " + publish.StdErr + publish.StdOut);
        }

        var install = await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Root, "deploy", "install.sh"), "--bot", PublishDir, "--prefix", Prefix], TimeSpan.FromMinutes(5));
        InstallOutput = install.StdOut + install.StdErr;
        Assert.True(install.ExitCode == 0, "deploy/install.sh failed: " + InstallOutput);

        BotPort = FreePort();
        HttpsPort = FreePort();
        HttpPort = FreePort();
        // The operator's environment file, as install.sh left it (mode 0600), plus this machine's port and a low token
        // limit that the forwarded-address test runs into.
        var envFile = Path.Combine(Prefix, "etc", "tro-ly-dat-dai", "tro-ly-dat-dai.env");
        await File.AppendAllTextAsync(envFile, $"\nUrls=http://127.0.0.1:{BotPort}\nRateLimits__DirectLineToken__PermitLimit={TokenLimit}\n");

        var info = SystemdUnit.Load(UnitPath).StartInfo();
        _bot = new Process { StartInfo = info, EnableRaisingEvents = true };
        _bot.OutputDataReceived += (_, e) => Append(e.Data);
        _bot.ErrorDataReceived += (_, e) => Append(e.Data);
        _bot.Start();
        _bot.StandardInput.Close();
        _bot.BeginOutputReadLine();
        _bot.BeginErrorReadLine();

        Certificate = MakeCertificate();
        await StartNginxAsync();
        await WaitForBotReadyAsync();
    }

    public async Task DisposeAsync()
    {
        var processes = new[] { _nginx, _bot };
        (_nginx, _bot) = (null, null);
        foreach (var process in processes)
        {
            if (process is null) continue;
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await process.WaitForExitAsync(wait.Token);
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }

        Certificate?.Dispose();
        try
        {
            if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>An HTTPS client to nginx whose connections leave from <paramref name="localAddress"/> (any 127.x.y.z is
    /// loopback on Linux), so nginx sees distinct clients; it trusts the test certificate and nothing else.</summary>
    public HttpClient ClientFrom(string localAddress)
    {
        var expected = Certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), expected, StringComparison.OrdinalIgnoreCase);
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_botOutput)
        {
            _botOutput.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private X509Certificate2 MakeCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        Directory.CreateDirectory(NginxDir);
        File.WriteAllText(Path.Combine(NginxDir, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(NginxDir, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    private async Task StartNginxAsync()
    {
        var site = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "deploy", "nginx", "tro-ly-dat-dai.conf"));
        // Each rewrite must find its line: the example cannot drift away from what is tested without this failing.
        site = Rewrite(site, "listen 443 ssl http2;", $"listen 127.0.0.1:{HttpsPort} ssl http2;");
        site = Rewrite(site, "listen [::]:443 ssl http2;", "");
        site = Rewrite(site, "listen 80;", $"listen 127.0.0.1:{HttpPort};");
        site = Rewrite(site, "listen [::]:80;", "");
        site = Rewrite(site, "server 127.0.0.1:3978;", $"server 127.0.0.1:{BotPort};");
        site = Rewrite(site, "/etc/ssl/certs/tro-ly-dat-dai.crt", Path.Combine(NginxDir, "tls.crt"));
        site = Rewrite(site, "/etc/ssl/private/tro-ly-dat-dai.key", Path.Combine(NginxDir, "tls.key"));
        await File.WriteAllTextAsync(Path.Combine(NginxDir, "site.conf"), site);
        var temp = string.Join("\n", new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" }
            .Select(t => $"    {t}_temp_path {Path.Combine(NginxDir, "temp-" + t)};"));
        await File.WriteAllTextAsync(Path.Combine(NginxDir, "nginx.conf"), $$"""
            worker_processes 1;
            daemon off;
            pid {{NginxDir}}/nginx.pid;
            error_log {{NginxDir}}/error.log warn;
            events { worker_connections 256; }
            http {
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                access_log {{NginxDir}}/access.log;
            {{temp}}
                include {{NginxDir}}/site.conf;
            }

            """);

        var nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
        string[] args = ["-p", NginxDir + "/", "-c", Path.Combine(NginxDir, "nginx.conf"), "-e", Path.Combine(NginxDir, "error.log")];
        // Not as root: as root the test machine's nginx would be a privileged process; the unprivileged one needs the
        // folder to be its own.
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(NginxDir).Append(NginxDir))
            {
                File.SetUnixFileMode(path, Directory.Exists(path)
                    ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute
                    : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        }

        string program = asRoot ? "setpriv" : nginx;
        List<string> arguments = asRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups", nginx, .. args] : [.. args];
        var check = await ProcessRunner.RunAsync(program, [.. arguments, "-t"], TimeSpan.FromMinutes(1), NginxDir);
        Assert.True(check.ExitCode == 0, "nginx -t refused the configuration: " + check.StdErr + check.StdOut);

        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = NginxDir };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        _nginx = Process.Start(info)!;
        _nginx.BeginOutputReadLine();
        _nginx.BeginErrorReadLine();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, HttpsPort);
                break;
            }
            catch (SocketException) when (attempt < 300 && !_nginx.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    private async Task WaitForBotReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_bot!.HasExited, "the published bot exited:\n" + BotOutput);
            try
            {
                using var ready = await client.GetAsync(new Uri($"http://127.0.0.1:{BotPort}/healthz/ready"));
                if (ready.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(5), "the published bot was not ready within 5 minutes:\n" + BotOutput);
            await Task.Delay(250);
        }
    }

    private static string Rewrite(string text, string find, string replacement)
    {
        Assert.True(text.Contains(find, StringComparison.Ordinal), $"deploy/nginx/tro-ly-dat-dai.conf no longer has '{find}'");
        return text.Replace(find, replacement, StringComparison.Ordinal);
    }
}
