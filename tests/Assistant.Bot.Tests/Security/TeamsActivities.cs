using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests.Security;

/// <summary>Activities as Teams sends them (personal chat), with "expectReplies" so the replies come back in the response.</summary>
internal static class TeamsActivities
{
    public static JObject Message(string conversationId, string text, string tenantId, string userObjectId, string channelId = "msteams") =>
        new()
        {
            ["type"] = "message",
            ["id"] = "1" + Guid.NewGuid().ToString("N")[..12],
            ["timestamp"] = "2026-12-05T01:00:00.000Z",
            ["channelId"] = channelId,
            ["serviceUrl"] = BotConnectorFixture.ServiceUrl,
            ["deliveryMode"] = "expectReplies",
            ["from"] = new JObject { ["id"] = "29:1user-" + userObjectId, ["name"] = "Người dùng mẫu", ["aadObjectId"] = userObjectId },
            ["recipient"] = new JObject { ["id"] = "28:" + BotConnectorFixture.AppId, ["name"] = "Trợ lý đất đai" },
            ["conversation"] = new JObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = tenantId },
            ["channelData"] = new JObject { ["tenant"] = new JObject { ["id"] = tenantId } },
            ["locale"] = "vi-VN",
            ["text"] = text,
        };

    /// <summary>
    /// The bot and the user added to a personal chat. The user comes as a full Teams account (with userRole): for a bare
    /// one, Bot Builder's Teams handler would ask the channel's connector for the member's details, and that connector
    /// (the serviceUrl) does not exist here.
    /// </summary>
    public static JObject MembersAdded(string conversationId, string tenantId, string userObjectId)
    {
        var activity = Message(conversationId, string.Empty, tenantId, userObjectId);
        activity["type"] = "conversationUpdate";
        activity.Remove("text");
        activity["membersAdded"] = new JArray(
            new JObject { ["id"] = "29:1user-" + userObjectId, ["aadObjectId"] = userObjectId, ["userRole"] = "user", ["tenantId"] = tenantId },
            new JObject { ["id"] = "28:" + BotConnectorFixture.AppId });
        return activity;
    }

    public static async Task<(HttpResponseMessage Response, string Body)> PostAsync(HttpClient client, JObject activity, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/messages", UriKind.Relative))
        {
            Content = new StringContent(activity.ToString(Newtonsoft.Json.Formatting.None), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The texts of the bot's replies in an expectReplies response.</summary>
    public static IReadOnlyList<string> ReplyTexts(string body) =>
        body.Length == 0 || !body.TrimStart().StartsWith('{')
            ? []
            : (JObject.Parse(body)["activities"] as JArray)?.Select(a => (string?)a["text"] ?? string.Empty).ToList() ?? [];
}
