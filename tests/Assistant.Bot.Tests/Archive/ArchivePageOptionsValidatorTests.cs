using Assistant.Bot.Archive;
using Microsoft.Extensions.Configuration;

namespace Assistant.Bot.Tests.Archive;

/// <summary>The archive link signing key is a secret: refused from a settings file (real JSON file), accepted from the
/// environment provider when it is base64 of 32 bytes or more.</summary>
public sealed class ArchivePageOptionsValidatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("archive-options-").FullName;
    private static readonly string GoodKey = Convert.ToBase64String(new byte[32]);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private IConfigurationRoot Configuration(string? fileKey, string? memoryKey)
    {
        var file = Path.Combine(_dir, "appsettings.json");
        File.WriteAllText(file, fileKey is null ? "{}" : "{\"ArchivePages\": {\"SigningKey\": \"" + fileKey + "\"}}");
        var builder = new ConfigurationBuilder().AddJsonFile(file);
        if (memoryKey is not null) builder.AddInMemoryCollection(new Dictionary<string, string?> { ["ArchivePages:SigningKey"] = memoryKey });
        return builder.Build();
    }

    [Fact]
    public void A_key_in_a_settings_file_is_refused()
    {
        var configuration = Configuration(GoodKey, memoryKey: null);
        var result = new ArchivePageOptionsValidator(configuration).Validate(null, new ArchivePageOptions { SigningKey = GoodKey });
        Assert.True(result.Failed);
        Assert.Contains("ArchivePages__SigningKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")] // 16 bytes
    public void A_short_or_malformed_key_from_the_environment_is_refused(string key)
    {
        var result = new ArchivePageOptionsValidator(Configuration(null, key)).Validate(null, new ArchivePageOptions { SigningKey = key });
        Assert.True(result.Failed);
    }

    [Fact]
    public void A_good_key_from_the_environment_and_no_key_at_all_are_accepted()
    {
        Assert.True(new ArchivePageOptionsValidator(Configuration(null, GoodKey)).Validate(null, new ArchivePageOptions { SigningKey = GoodKey }).Succeeded);
        Assert.True(new ArchivePageOptionsValidator(Configuration(null, null)).Validate(null, new ArchivePageOptions()).Succeeded);
    }

    [Fact]
    public void Link_lifetime_outside_1_to_60_minutes_is_refused() =>
        Assert.True(new ArchivePageOptionsValidator(Configuration(null, null)).Validate(null, new ArchivePageOptions { LinkMinutes = 0 }).Failed);
}
