using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Audit.Tests;

public sealed class AuditRegistrationTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void AddAuditTrail_opens_the_configured_file(string flush)
    {
        var path = _tmp.File("data", "audit.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Audit:DatabasePath"] = path,
            ["Audit:FlushEachRow"] = flush,
        }).Build();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddAuditTrail(configuration);

        using (var provider = services.BuildServiceProvider())
        {
            Assert.Equal(bool.Parse(flush), provider.GetRequiredService<IOptions<AuditOptions>>().Value.FlushEachRow);
            var trail = provider.GetRequiredService<IAuditTrail>();
            var row = trail.Append(new AuditEntry("sub-1", "admin", "*", AuditActions.ReferenceDataChange, "calendar", null, AuditOutcomes.Ok));
            Assert.Equal(clock.GetUtcNow(), row.At);
        }
        // The container disposed the trail: the file is closed and holds the row.
        using var reopened = SqliteAuditTrail.OpenExisting(path);
        var result = reopened.Verify();
        Assert.True(result.Intact);
        Assert.Equal(1, result.HeadSeq);
    }

    [Fact]
    public void An_empty_database_path_fails_on_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Audit:DatabasePath"] = "" }).Build();
        using var provider = new ServiceCollection().AddAuditTrail(configuration).BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AuditOptions>>().Value);
    }
}
