using Assistant.Indexer.Teams;
using Microsoft.Extensions.Configuration;

namespace Assistant.Indexer.Cli;

/// <summary>
/// teams-package: builds the Teams app package of the bot (manifest.json from teams/manifest.template.json with the
/// city's app id, domain and version, plus the two icons), validates it offline against the manifest schema shipped in
/// teams/schema and the icon rules, and writes the zip only if it passes. "validate FILE.zip" checks a package built
/// elsewhere; "icons --out DIR" redraws the two icons.
/// Exit codes: 0 valid · 1 the package breaks a rule (each reason printed) · 2 bad input (app id, domain, version, files).
/// </summary>
public sealed class TeamsPackageCommand : CliCommand
{
    public override string Name => "teams-package";

    public override string Usage =>
        "assistant-indexer teams-package [build] --app-id GUID --domain TÊN-MIỀN [--version 1.0.0] [--out dist/teams.zip] "
        + "[--developer-name TÊN] [--website-url URL] [--privacy-url URL] [--terms-url URL] [--sso] [--settings TỆP.json] [--template THƯ-MỤC] [--schema TỆP] | "
        + "teams-package validate GÓI.zip [--schema TỆP] | teams-package icons --out THƯ-MỤC";

    protected override IEnumerable<string> ValueOptions =>
        ["app-id", "domain", "version", "out", "developer-name", "website-url", "privacy-url", "terms-url", "settings", "template", "schema"];

    protected override IEnumerable<string> FlagOptions => ["sso"];
    protected override bool UsesRetrievalHost => false;

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        try
        {
            return cl.Positionals switch
            {
                [] or ["build"] => await BuildAsync(cl, stdout, stderr, ct),
                ["validate", var file] => await ValidateAsync(cl, file, stdout, stderr, ct),
                ["icons"] => await IconsAsync(cl, stdout),
                _ => throw new UserErrorException($"teams-package: lệnh con không hợp lệ '{string.Join(' ', cl.Positionals)}'.\nCách dùng: {Usage}"),
            };
        }
        catch (TeamsPackageException e)
        {
            throw new UserErrorException(e.Message);
        }
    }

    private async Task<int> BuildAsync(CommandLine cl, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var configuration = Configuration(cl);
        var config = configuration.GetSection(TeamsAppSettings.Section);
        string? Setting(string option, string key) => cl.Value(option) ?? NonEmpty(config[key]);

        var domain = TeamsAppSettings.ParseDomain(Setting("domain", "Domain"));
        var settings = new TeamsAppSettings
        {
            AppId = TeamsAppSettings.ParseAppId(Setting("app-id", "AppId") ?? NonEmpty(configuration["Bot:MicrosoftAppId"])),
            Domain = domain,
            Version = TeamsAppSettings.ParseVersion(Setting("version", "Version")),
            DeveloperName = TeamsAppSettings.ParseDeveloperName(Setting("developer-name", "DeveloperName")),
            WebsiteUrl = TeamsAppSettings.ParsePageUrl(Setting("website-url", "WebsiteUrl"), "trang giới thiệu", domain),
            PrivacyUrl = TeamsAppSettings.ParsePageUrl(Setting("privacy-url", "PrivacyUrl"), "chính sách quyền riêng tư", domain),
            TermsOfUseUrl = TeamsAppSettings.ParsePageUrl(Setting("terms-url", "TermsOfUseUrl"), "điều khoản sử dụng", domain),
            SingleSignOn = cl.Flag("sso") || string.Equals(config["SingleSignOn"], "true", StringComparison.OrdinalIgnoreCase),
        };
        if (Setting("developer-name", "DeveloperName") is null)
            await stderr.WriteLineAsync($"Lưu ý: chưa cấu hình tên đơn vị phát triển (TeamsApp:DeveloperName / --developer-name), dùng '{TeamsAppSettings.DefaultDeveloperName}'.");
        foreach (var (option, key, what) in new[] { ("privacy-url", "PrivacyUrl", "chính sách quyền riêng tư"), ("terms-url", "TermsOfUseUrl", "điều khoản sử dụng") })
        {
            if (Setting(option, key) is null)
                await stderr.WriteLineAsync($"Lưu ý: chưa cấu hình trang {what} (TeamsApp:{key} / --{option}), dùng trang chủ của bot https://{domain}/.");
        }

        var template = cl.Value("template") ?? BesideProgram("teams");
        var package = TeamsPackageBuilder.Build(template, settings);
        var validator = await TeamsPackageValidator.LoadAsync(SchemaPath(cl), ct);
        var problems = validator.Validate(package);
        if (problems.Count > 0)
        {
            await stderr.WriteLineAsync($"Gói Teams KHÔNG hợp lệ ({problems.Count} lỗi), không ghi tệp:");
            foreach (var p in problems) await stderr.WriteLineAsync($"  - {p}");
            return ExitCodes.CheckFailed;
        }

        var output = Path.GetFullPath(cl.Value("out") ?? Path.Combine("dist", "teams.zip"));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllBytesAsync(output, package, ct);
        await stdout.WriteLineAsync($"Đã tạo gói ứng dụng Teams {output} ({package.Length} byte): manifest.json (lược đồ {TeamsPackageValidator.SchemaVersion}), color.png, outline.png.");
        await stdout.WriteLineAsync($"  Mã ứng dụng và bot: {settings.AppId:D} · tên miền: {settings.Domain} · phiên bản: {settings.Version}{(settings.SingleSignOn ? " · có webApplicationInfo (SSO)" : "")}");
        await stdout.WriteLineAsync("  Tải lên: Trung tâm quản trị Teams → Ứng dụng Teams → Quản lý ứng dụng → Tải lên ứng dụng mới (xem README, mục \"Ứng dụng Teams\").");
        return ExitCodes.Ok;
    }

    private async Task<int> ValidateAsync(CommandLine cl, string file, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new UserErrorException($"Không thấy tệp {Path.GetFullPath(file)}.");
        var validator = await TeamsPackageValidator.LoadAsync(SchemaPath(cl), ct);
        var problems = validator.Validate(await File.ReadAllBytesAsync(file, ct));
        if (problems.Count > 0)
        {
            await stderr.WriteLineAsync($"Gói Teams {file} KHÔNG hợp lệ ({problems.Count} lỗi):");
            foreach (var p in problems) await stderr.WriteLineAsync($"  - {p}");
            return ExitCodes.CheckFailed;
        }
        await stdout.WriteLineAsync($"Gói Teams {file} hợp lệ (lược đồ tệp kê khai {TeamsPackageValidator.SchemaVersion}, biểu tượng đúng kích thước và quy tắc).");
        return ExitCodes.Ok;
    }

    private static async Task<int> IconsAsync(CommandLine cl, TextWriter stdout)
    {
        var dir = cl.Value("out") ?? throw new UserErrorException("teams-package icons cần --out THƯ-MỤC.");
        Directory.CreateDirectory(dir);
        await File.WriteAllBytesAsync(Path.Combine(dir, "color.png"), TeamsIcons.Color().Encode());
        await File.WriteAllBytesAsync(Path.Combine(dir, "outline.png"), TeamsIcons.Outline().Encode());
        await stdout.WriteLineAsync($"Đã vẽ color.png ({TeamsIcons.ColorSize}×{TeamsIcons.ColorSize}) và outline.png ({TeamsIcons.OutlineSize}×{TeamsIcons.OutlineSize}) vào {Path.GetFullPath(dir)}.");
        return ExitCodes.Ok;
    }

    private string SchemaPath(CommandLine cl) => cl.Value("schema") ?? BesideProgram("teams", TeamsPackageValidator.SchemaRelativePath);

    /// <summary>
    /// appsettings.json beside the program, then --settings FILE, then ASSISTANT_… variables. The bot's own settings file
    /// works as --settings: without TeamsApp:AppId the app id is the bot's Bot:MicrosoftAppId, so the package and the bot
    /// cannot disagree on it.
    /// </summary>
    private static IConfiguration Configuration(CommandLine cl)
    {
        var builder = new ConfigurationBuilder().AddJsonFile(BesideProgram("appsettings.json"), optional: true);
        if (cl.Value("settings") is { } settings)
        {
            if (!File.Exists(settings)) throw new UserErrorException($"Không thấy tệp cấu hình {Path.GetFullPath(settings)}.");
            builder.AddJsonFile(Path.GetFullPath(settings), optional: false);
        }
        return builder.AddEnvironmentVariables("ASSISTANT_").Build();
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
