using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Archive;

/// <summary>Settings of the archive page links (section "ArchivePages").</summary>
public sealed class ArchivePageOptions
{
    public const string Section = "ArchivePages";

    /// <summary>The bot's public address (https://host), which the links in the cards point to. Empty: links are relative.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>How long a link stays valid.</summary>
    public int LinkMinutes { get; set; } = 10;

    /// <summary>The HMAC key (base64, at least 32 bytes), from the environment only (ArchivePages__SigningKey). Empty: a
    /// random key per process, so links open only on the instance that made them.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Folder of the page images; empty = the store folder + "-pages" (where `archive index` puts them).</summary>
    public string PagesPath { get; set; } = "";
}

/// <summary>
/// Checks section "ArchivePages" on start: the signing key is a secret, so a settings file may not hold it (like
/// Auth:ClientSecret); a key that is set must be base64 of at least 32 bytes; links live 1 to 60 minutes.
/// </summary>
internal sealed class ArchivePageOptionsValidator(IConfiguration configuration) : IValidateOptions<ArchivePageOptions>
{
    public ValidateOptionsResult Validate(string? name, ArchivePageOptions options)
    {
        var failures = new List<string>();
        if (configuration is IConfigurationRoot root && root.Providers.OfType<FileConfigurationProvider>()
                .Any(p => p.TryGet("ArchivePages:SigningKey", out var value) && !string.IsNullOrEmpty(value)))
            failures.Add("ArchivePages:SigningKey must come from the environment (ArchivePages__SigningKey), not from a settings file.");
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            var buffer = new byte[options.SigningKey.Length];
            if (!Convert.TryFromBase64String(options.SigningKey.Trim(), buffer, out var length) || length < 32)
                failures.Add("ArchivePages:SigningKey must be base64 of at least 32 bytes.");
        }
        if (options.LinkMinutes is < 1 or > 60) failures.Add("ArchivePages:LinkMinutes must be between 1 and 60.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// Short-lived signed links to archive page images: an HMAC-SHA256 over the page id, the subject the link was made for,
/// and its expiry. The link alone opens nothing: the page endpoint also wants the officer sign-in of that same subject.
/// </summary>
public sealed class ArchivePageLinks
{
    public const string Path = "/archive/page";
    private readonly byte[] _key;
    private readonly ArchivePageOptions _options;
    private readonly TimeProvider _time;

    public ArchivePageLinks(IOptions<ArchivePageOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _key = string.IsNullOrWhiteSpace(_options.SigningKey) ? RandomNumberGenerator.GetBytes(32) : Convert.FromBase64String(_options.SigningKey.Trim());
        if (_key.Length < 32) throw new OptionsValidationException(ArchivePageOptions.Section, typeof(ArchivePageOptions),
            ["ArchivePages:SigningKey phải dài ít nhất 32 byte (base64)."]);
    }

    /// <summary>The link for <paramref name="subject"/> to open <paramref name="pageId"/>, valid for the configured minutes.</summary>
    public string Create(string pageId, string subject)
    {
        var expires = _time.GetUtcNow().AddMinutes(Math.Clamp(_options.LinkMinutes, 1, 60)).ToUnixTimeSeconds();
        var query = $"?p={Uri.EscapeDataString(pageId)}&s={Uri.EscapeDataString(subject)}&e={expires.ToString(CultureInfo.InvariantCulture)}&sig={Sign(pageId, subject, expires)}";
        return _options.PublicBaseUrl.TrimEnd('/') + Path + query;
    }

    /// <summary>True when <paramref name="signature"/> is this host's signature of the three values and the link has not expired.</summary>
    public bool Verify(string? pageId, string? subject, string? expires, string? signature)
    {
        if (string.IsNullOrEmpty(pageId) || string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(signature)
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var exp)) return false;
        if (_time.GetUtcNow().ToUnixTimeSeconds() > exp) return false;
        byte[] given;
        try
        {
            given = WebEncoders.Base64UrlDecode(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, Mac(pageId, subject, exp));
    }

    private string Sign(string pageId, string subject, long expires) => WebEncoders.Base64UrlEncode(Mac(pageId, subject, expires));

    private byte[] Mac(string pageId, string subject, long expires) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{pageId}\n{subject}\n{expires.ToString(CultureInfo.InvariantCulture)}"));
}
