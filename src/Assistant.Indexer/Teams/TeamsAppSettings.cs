using System.Globalization;
using System.Text.RegularExpressions;

namespace Assistant.Indexer.Teams;

/// <summary>
/// What differs between one city's Teams app and another's: the Entra app registration of the bot, the public host name
/// its messaging endpoint is served on, the package version and the publisher's pages. Everything else is in
/// teams/manifest.template.json.
/// </summary>
public sealed partial record TeamsAppSettings
{
    /// <summary>Configuration section (appsettings.json, --settings FILE, ASSISTANT_TeamsApp__… variables).</summary>
    public const string Section = "TeamsApp";

    public const string DefaultVersion = "1.0.0";
    public const string DefaultDeveloperName = "Đơn vị vận hành trợ lý";

    public required Guid AppId { get; init; }
    public required string Domain { get; init; }
    public string Version { get; init; } = DefaultVersion;
    public string DeveloperName { get; init; } = DefaultDeveloperName;
    public required Uri WebsiteUrl { get; init; }
    public required Uri PrivacyUrl { get; init; }
    public required Uri TermsOfUseUrl { get; init; }

    /// <summary>
    /// Adds webApplicationInfo so Teams single sign-on can be switched on later: the app id, and as resource the application
    /// ID URI Teams expects of a bot-only app, api://botid-APP-ID (to be set on the app registration's "Expose an API").
    /// </summary>
    public bool SingleSignOn { get; init; }

    /// <summary>The app registration's client id: a GUID in its usual 8-4-4-4-12 form, not the empty one.</summary>
    public static Guid ParseAppId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new TeamsPackageException("Thiếu mã ứng dụng (--app-id hoặc cấu hình TeamsApp:AppId / Bot:MicrosoftAppId): cần mã ứng dụng (client id) của đăng ký ứng dụng Entra của bot.");
        if (!Guid.TryParseExact(value.Trim(), "D", out var id))
            throw new TeamsPackageException($"Mã ứng dụng '{value}' không phải GUID dạng xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (lấy ở mục Overview của đăng ký ứng dụng trong Entra).");
        if (id == Guid.Empty)
            throw new TeamsPackageException("Mã ứng dụng không được là GUID toàn số 0.");
        return id;
    }

    /// <summary>The public host name of the bot's messaging endpoint, as validDomains wants it: no scheme, port or path.</summary>
    public static string ParseDomain(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new TeamsPackageException("Thiếu tên miền của bot (--domain hoặc cấu hình TeamsApp:Domain), ví dụ: bot.example.gov.vn.");
        var d = value.Trim();
        if (d.Contains("://", StringComparison.Ordinal))
            throw new TeamsPackageException($"Tên miền '{d}' không được có giao thức (bỏ '{d[..(d.IndexOf("://", StringComparison.Ordinal) + 3)]}'): chỉ ghi tên máy chủ, ví dụ: bot.example.gov.vn.");
        if (d.Contains('/', StringComparison.Ordinal))
            throw new TeamsPackageException($"Tên miền '{d}' không được có đường dẫn: chỉ ghi tên máy chủ, ví dụ: bot.example.gov.vn.");
        if (d.Contains(':', StringComparison.Ordinal))
            throw new TeamsPackageException($"Tên miền '{d}' không được có cổng: Teams gọi bot qua HTTPS cổng 443.");
        if (Uri.CheckHostName(d) is UriHostNameType.IPv4 or UriHostNameType.IPv6)
            throw new TeamsPackageException($"'{d}' là địa chỉ IP: Teams cần một tên miền công khai có chứng chỉ HTTPS.");
        d = d.ToLowerInvariant();
        if (!HostName().IsMatch(d))
            throw new TeamsPackageException($"Tên miền '{d}' không hợp lệ: cần dạng tên.miền (chữ không dấu, số, dấu gạch ngang, có ít nhất một dấu chấm), ví dụ: bot.example.gov.vn.");
        return d;
    }

    /// <summary>The app package version, x.y.z as the manifest schema wants (Teams asks for a higher one on every update).</summary>
    public static string ParseVersion(string? value)
    {
        var v = string.IsNullOrWhiteSpace(value) ? DefaultVersion : value.Trim();
        if (!SemVer().IsMatch(v))
            throw new TeamsPackageException($"Phiên bản '{v}' không hợp lệ: cần dạng số.số.số, ví dụ 1.0.0 (tăng lên mỗi lần cập nhật gói trên Teams).");
        return v;
    }

    public static string ParseDeveloperName(string? value)
    {
        var name = string.IsNullOrWhiteSpace(value) ? DefaultDeveloperName : value.Trim();
        if (name.Length > 32)
            throw new TeamsPackageException($"Tên đơn vị phát triển '{name}' dài {name.Length.ToString(CultureInfo.InvariantCulture)} ký tự: Teams cho tối đa 32.");
        return name;
    }

    /// <summary>A publisher page: absolute https (Teams shows it to every user), or the bot's own site when not configured.</summary>
    public static Uri ParsePageUrl(string? value, string what, string domain)
    {
        if (string.IsNullOrWhiteSpace(value)) return new Uri($"https://{domain}/");
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new TeamsPackageException($"Địa chỉ {what} '{value}' không hợp lệ: cần địa chỉ https:// đầy đủ.");
        return uri;
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex HostName();

    // The manifest schema's own semver pattern.
    [GeneratedRegex(@"^([0-9]|[1-9][0-9]*)\.([0-9]|[1-9][0-9]*)\.([0-9]|[1-9][0-9]*)$")]
    private static partial Regex SemVer();
}

/// <summary>Bad input for the Teams package (app id, domain, version, template); the message is shown as is.</summary>
public sealed class TeamsPackageException(string message) : Exception(message);
