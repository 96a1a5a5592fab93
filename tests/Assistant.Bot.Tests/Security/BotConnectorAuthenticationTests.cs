using System.Net;
using System.Text.Json.Nodes;
using Assistant.Bot.Hosting;
using Assistant.Bot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests.Security;

[CollectionDefinition(Name)]
public sealed class BotConnectorCollection : ICollectionFixture<BotConnectorFixture>
{
    public const string Name = "Bot Connector authentication";
}

/// <summary>
/// The token matrix of /api/messages with Bot Connector authentication on (a single-tenant registration): the bot, in a
/// process of its own, fetches OpenID metadata and keys over https from <see cref="BotConnectorTokenServiceDouble"/> and
/// gets tokens signed here. A valid token is answered; every bad one is a 401 with a Vietnamese body, never a 500, and
/// no turn runs: no reply, and no row in the conversation state for that conversation.
/// </summary>
[Collection(BotConnectorCollection.Name)]
public sealed class BotConnectorAuthenticationTests(BotConnectorFixture fixture)
{
    private const string Question = "tách thửa đất cần giấy tờ gì?";

    [Fact]
    public async Task ValidChannelToken_IsAnswered_AndTheTurnRuns()
    {
        var conversation = NewConversation();
        var token = fixture.TokenService.Sign(Claims());

        var (response, body) = await TeamsActivities.PostAsync(fixture.Bot.Client,
            TeamsActivities.Message(conversation, Question, BotConnectorFixture.StaffTenant, "0c9d8e7f-0000-4000-8000-000000000001"), token);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}\n{fixture.Bot.Output}");
        Assert.Contains(TeamsActivities.ReplyTexts(body), t => t.Length > 0);
        Assert.Equal(1, await TurnsRecordedAsync(conversation));
        Assert.True(fixture.TokenService.KeyFetches > 0, "the bot never fetched the keys from the token service double");
    }

    public static TheoryData<string> BadTokens() =>
    [
        "no token",
        "wrong audience",
        "wrong issuer",
        "expired",
        "not yet valid",
        "unknown key",
        "tampered signature",
        "alg none",
        "missing serviceurl claim",
        "serviceurl mismatch",
        "Teams activity, key not endorsed for Teams",
    ];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task BadToken_Is401_WithAVietnameseBody_AndNoTurnRuns(string bad)
    {
        var conversation = NewConversation();
        var token = TokenFor(bad);

        var (response, body) = await TeamsActivities.PostAsync(fixture.Bot.Client,
            TeamsActivities.Message(conversation, Question, BotConnectorFixture.StaffTenant, BotConnectorFixture.RosterUserConfidential), token);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{bad}: {(int)response.StatusCode} {body}\n{fixture.Bot.Output}");
        Assert.Equal(MessagesEndpoint.TokenRejected, (string?)JObject.Parse(body)["error"]?["message"]);
        Assert.Empty(TeamsActivities.ReplyTexts(body));
        Assert.Equal(0, await TurnsRecordedAsync(conversation));
    }

    private string? TokenFor(string bad)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = Claims();
        switch (bad)
        {
            case "no token":
                return null;
            case "wrong audience":
                claims["aud"] = "9e8d7c6b-5a49-4838-9726-150493827160";
                return fixture.TokenService.Sign(claims);
            case "wrong issuer":
                claims["iss"] = "https://api.botframework.example";
                return fixture.TokenService.Sign(claims);
            case "expired":
                // Well past Bot Builder's five minutes of clock skew.
                claims["nbf"] = now.AddHours(-2).ToUnixTimeSeconds();
                claims["exp"] = now.AddHours(-1).ToUnixTimeSeconds();
                return fixture.TokenService.Sign(claims);
            case "not yet valid":
                claims["nbf"] = now.AddHours(1).ToUnixTimeSeconds();
                claims["exp"] = now.AddHours(2).ToUnixTimeSeconds();
                return fixture.TokenService.Sign(claims);
            case "unknown key":
                return fixture.TokenService.Sign(claims, BotConnectorTokenServiceDouble.UnknownKey);
            case "tampered signature":
                return fixture.TokenService.Tampered(claims, otherAudience: "9e8d7c6b-5a49-4838-9726-150493827160");
            case "alg none":
                return BotConnectorTokenServiceDouble.Unsigned(claims);
            case "missing serviceurl claim":
                claims.Remove("serviceurl");
                return fixture.TokenService.Sign(claims);
            case "serviceurl mismatch":
                claims["serviceurl"] = "https://attacker.example/";
                return fixture.TokenService.Sign(claims);
            case "Teams activity, key not endorsed for Teams":
                return fixture.TokenService.Sign(claims, BotConnectorTokenServiceDouble.WebChatOnlyKey);
            default:
                throw new ArgumentOutOfRangeException(nameof(bad), bad, null);
        }
    }

    private static JsonObject Claims() =>
        BotConnectorTokenServiceDouble.ChannelClaims(BotConnectorFixture.AppId, BotConnectorFixture.ServiceUrl, DateTimeOffset.UtcNow);

    private static string NewConversation() => "a:1" + Guid.NewGuid().ToString("N");

    /// <summary>The turns the conversation core recorded for <paramref name="conversationId"/> (0 when it never ran).</summary>
    private async Task<long> TurnsRecordedAsync(string conversationId)
    {
        if (!File.Exists(fixture.Bot.StatePath)) return 0;
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fixture.Bot.StatePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'conversation_state'";
        if ((long)(await exists.ExecuteScalarAsync())! == 0) return 0;
        await using var turns = connection.CreateCommand();
        turns.CommandText = "SELECT COALESCE(SUM(turns), 0) FROM conversation_state WHERE conversation_id = $id";
        turns.Parameters.AddWithValue("$id", conversationId);
        return (long)(await turns.ExecuteScalarAsync())!;
    }
}
