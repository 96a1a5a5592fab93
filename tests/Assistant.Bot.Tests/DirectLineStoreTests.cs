using Assistant.Bot.DirectLine;
using Assistant.Bot.Hosting;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Tests;

/// <summary>The Direct Line store's caps, eviction and token rules, without HTTP.</summary>
public sealed class DirectLineStoreTests
{
    private static DirectLineConversationStore NewStore(ManualTimeProvider clock, Action<DirectLineOptions> configure)
    {
        var options = new BotHostOptions();
        configure(options.DirectLine);
        return new DirectLineConversationStore(Options.Create(options), clock);
    }

    private static Activity Text(string text) => new(ActivityTypes.Message) { Text = text };

    [Fact]
    public void Log_KeepsTheLastNActivities_AndTheWatermarkKeepsCounting()
    {
        var store = NewStore(new ManualTimeProvider(DateTimeOffset.UtcNow), o => o.MaxActivitiesPerConversation = 3);
        var (conversation, _) = store.Create();
        for (var i = 0; i < 5; i++)
        {
            conversation.Append(Text("m" + i));
        }

        var (all, watermark) = conversation.ReadAfter(null);
        Assert.Equal(5, watermark);
        Assert.Equal(3, all.Count);
        Assert.Contains("\"m2\"", all[0], StringComparison.Ordinal);
        Assert.Contains($"\"{conversation.Id}|0000004\"", all[2], StringComparison.Ordinal);

        var (after, same) = conversation.ReadAfter(4);
        Assert.Single(after);
        Assert.Equal(5, same);
        Assert.Empty(conversation.ReadAfter(5).Activities);
        Assert.Empty(conversation.ReadAfter(99).Activities);
    }

    [Fact]
    public void Timestamps_StrictlyIncrease_EvenWhenTheClockStands()
    {
        var store = NewStore(new ManualTimeProvider(DateTimeOffset.UtcNow), _ => { });
        var (conversation, _) = store.Create();
        var a = conversation.Append(Text("a"));
        var b = conversation.Append(Text("b"));
        Assert.True(b.Timestamp > a.Timestamp);
    }

    [Fact]
    public void OldestConversations_AreEvicted_AndTheirTokensDie()
    {
        var store = NewStore(new ManualTimeProvider(DateTimeOffset.UtcNow), o => o.MaxConversations = 2);
        var (first, firstToken) = store.Create();
        var (_, secondToken) = store.Create();
        var (third, thirdToken) = store.Create();
        Assert.Equal(2, store.Count);
        Assert.Equal(TokenCheck.Invalid, store.Check("Bearer " + firstToken.Token, first.Id, out _));
        Assert.Equal(TokenCheck.Ok, store.Check("Bearer " + secondToken.Token, secondToken.ConversationId, out _));
        Assert.Equal(TokenCheck.Ok, store.Check("Bearer " + thirdToken.Token, third.Id, out var found));
        Assert.Same(third, found);
    }

    [Fact]
    public void TotalBudget_EvictsTheOldestConversations()
    {
        var store = NewStore(new ManualTimeProvider(DateTimeOffset.UtcNow), o => o.MaxTotalBytes = 50_000);
        var (old, oldToken) = store.Create();
        old.Append(Text(new string('a', 15_000)));
        var (recent, recentToken) = store.Create();
        recent.Append(Text(new string('b', 15_000)));
        Assert.Equal(TokenCheck.Invalid, store.Check("Bearer " + oldToken.Token, old.Id, out _));
        Assert.Equal(TokenCheck.Ok, store.Check("Bearer " + recentToken.Token, recent.Id, out _));
        Assert.True(store.TotalBytes <= 50_000);
    }

    [Fact]
    public void Tokens_Expire_AndSweepForgetsUnreachableConversations()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var store = NewStore(clock, o => o.TokenLifetime = TimeSpan.FromMinutes(30));
        var (conversation, token) = store.Create();
        Assert.Equal(TokenCheck.Missing, store.Check(null, conversation.Id, out _));
        Assert.Equal(TokenCheck.Missing, store.Check("Basic abc", conversation.Id, out _));
        Assert.Equal(TokenCheck.WrongConversation, store.Check("Bearer " + token.Token, "other", out _));
        clock.Advance(TimeSpan.FromMinutes(29));
        var refreshed = store.IssueToken(conversation);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TokenCheck.Expired, store.Check("Bearer " + token.Token, conversation.Id, out _));
        Assert.Equal(TokenCheck.Ok, store.Check("Bearer " + refreshed.Token, conversation.Id, out _));
        store.Sweep();
        Assert.Equal(1, store.Count);
        clock.Advance(TimeSpan.FromMinutes(30));
        store.Sweep();
        Assert.Equal(0, store.Count);
    }
}
