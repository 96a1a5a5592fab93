using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>A citizen's message as Web Chat's emulator channel posts it to /api/messages, asking for the replies in the response.</summary>
public static class CitizenActivity
{
    public const string NoServiceUrl = "";

    public static JObject ExpectReplies(string conversationId, string text, string userId = "citizen-1", string serviceUrl = "http://127.0.0.1:9/")
    {
        var activity = new JObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "emulator",
        };
        if (serviceUrl.Length > 0) activity["serviceUrl"] = serviceUrl;
        activity["deliveryMode"] = "expectReplies";
        activity["conversation"] = new JObject { ["id"] = conversationId };
        activity["from"] = new JObject { ["id"] = userId, ["role"] = "user" };
        activity["recipient"] = new JObject { ["id"] = "bot" };
        activity["locale"] = "vi-VN";
        activity["text"] = text;
        return activity;
    }
}
