using System.Text;
using Assistant.Audit;
using Assistant.Bot.Retention;
using Assistant.Bot.Tests.Infrastructure;
using Assistant.Conversation.State;
using Assistant.Triage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Assistant.Bot.Tests;

/// <summary>
/// The retention job in the real host, on real SQLite files, driven by a fake clock (its daily timer fires when the
/// clock moves): conversation state and Direct Line conversations go after their short retention, triage records after
/// Triage:RetentionDays, and each run leaves one "retention.purge" audit row with counts and no id of a person.
/// </summary>
public sealed class RetentionTests
{
    private const string Cccd = "001203098765";

    [Fact]
    public async Task The_daily_purge_deletes_what_is_past_retention_and_audits_the_counts()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
        await using var host = await BotTestHost.StartAsync(
            new Dictionary<string, string?> { ["Triage:RetentionDays"] = "365", ["Conversation:StateRetentionDays"] = "30" },
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var audit = host.Services.GetRequiredService<IAuditTrail>();
        var job = host.Services.GetRequiredService<RetentionPurgeService>();

        // The run at start has happened (the job is scheduled from it) before the clock moves.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (audit.Query(new AuditQuery(Action: AuditActions.RetentionPurge)).Items.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no retention run at start");
            await Task.Delay(20);
        }

        var triage = host.Services.GetRequiredService<TriageService>();
        Assert.Equal(SubmitStatus.Created, triage.Submit(Encoding.UTF8.GetBytes($$"""{"id":"RET-1","description":"ông Lê Văn Tám CCCD {{Cccd}} xin tách thửa đất"}""")).Status);
        var states = host.Services.GetRequiredService<ConversationStateStore>();
        await states.SaveAsync(new ConversationState("ret-conversation", "procedure", "1.012784", "tách thửa", 1, clock.GetUtcNow()), CancellationToken.None);
        var directLine = new DirectLineTestClient(host.Client);
        await directLine.GenerateTokenAsync();

        var afterMonth = await NextRunAsync(job, () => clock.Advance(TimeSpan.FromDays(31)));
        Assert.Equal(0, afterMonth.TriageDossiers);
        Assert.Equal(1, afterMonth.ConversationStates);
        Assert.True(afterMonth.DirectLineConversations >= 1);
        Assert.NotNull(triage.Store.Find("RET-1"));
        Assert.Null((await states.GetAsync("ret-conversation", CancellationToken.None)).LastIntent);

        var afterYear = await NextRunAsync(job, () => clock.Advance(TimeSpan.FromDays(365)));
        Assert.Equal(1, afterYear.TriageDossiers);
        Assert.Null(triage.Store.Find("RET-1"));
        Assert.Empty(triage.Store.DossierIdsForIdNumber(Cccd));

        var rows = audit.Query(new AuditQuery(Action: AuditActions.RetentionPurge)).Items;
        Assert.True(rows.Count >= 3);
        Assert.Contains(rows, r => r.TargetId!.StartsWith("triage=1;conversation-state=", StringComparison.Ordinal));
        Assert.All(rows, r =>
        {
            Assert.Equal(RetentionPurgeService.Actor, r.Actor);
            Assert.DoesNotContain("RET-1", r.TargetId!, StringComparison.Ordinal);
            Assert.DoesNotContain(Cccd, r.TargetId!, StringComparison.Ordinal);
        });
    }

    private static async Task<RetentionCounts> NextRunAsync(RetentionPurgeService job, Action moveClock)
    {
        var done = new TaskCompletionSource<RetentionCounts>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCompleted(RetentionCounts c) => done.TrySetResult(c);
        job.Completed += OnCompleted;
        try
        {
            moveClock();
            return await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            job.Completed -= OnCompleted;
        }
    }
}
