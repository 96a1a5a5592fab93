using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>A minimal Direct Line 3.0 client over HttpClient, as botframework-directlinejs would call it (polling).</summary>
public sealed class DirectLineTestClient(HttpClient http)
{
    public string? Token { get; set; }

    public string? ConversationId { get; set; }

    public string? Watermark { get; private set; }

    public async Task<JObject> GenerateTokenAsync()
    {
        using var response = await http.PostAsync("v3/directline/tokens/generate", null);
        var body = await ReadOkAsync(response);
        Token = (string)body["token"]!;
        ConversationId = (string)body["conversationId"]!;
        return body;
    }

    public async Task<JObject> StartConversationAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
        Authorize(request);
        using var response = await http.SendAsync(request);
        var body = await ReadOkAsync(response);
        Token = (string)body["token"]!;
        ConversationId = (string)body["conversationId"]!;
        return body;
    }

    public async Task<HttpResponseMessage> PostRawAsync(string json, string contentType = "application/json", string? conversationId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{conversationId ?? ConversationId}/activities")
        {
            Content = new StringContent(json, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        Authorize(request);
        return await http.SendAsync(request);
    }

    public async Task<string> SendTextAsync(string text, string clientActivityId = "client-1")
    {
        var activity = new JObject
        {
            ["type"] = "message",
            ["from"] = new JObject { ["id"] = "dl_test_user", ["name"] = "Người dân" },
            ["text"] = text,
            ["locale"] = "vi-VN",
            ["channelData"] = new JObject { ["clientActivityID"] = clientActivityId },
        };
        using var response = await PostRawAsync(activity.ToString());
        var body = await ReadOkAsync(response);
        return (string)body["id"]!;
    }

    public async Task<HttpResponseMessage> GetActivitiesRawAsync(string? watermark, string? conversationId = null)
    {
        var url = $"v3/directline/conversations/{conversationId ?? ConversationId}/activities";
        if (watermark is not null)
        {
            url += "?watermark=" + watermark;
        }

        var request = new HttpRequestMessage(HttpMethod.Get, url);
        Authorize(request);
        return await http.SendAsync(request);
    }

    /// <summary>One poll from the current watermark; advances it.</summary>
    public async Task<JArray> PollAsync()
    {
        using var response = await GetActivitiesRawAsync(Watermark);
        var body = await ReadOkAsync(response);
        Assert.Equal(JTokenType.String, body["watermark"]!.Type);
        Watermark = (string)body["watermark"]!;
        return (JArray)body["activities"]!;
    }

    /// <summary>Polls until an activity matching <paramref name="predicate"/> arrives; returns everything received meanwhile.</summary>
    public async Task<List<JObject>> PollUntilAsync(Func<JObject, bool> predicate, TimeSpan? timeout = null)
    {
        var received = new List<JObject>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            received.AddRange((await PollAsync()).Cast<JObject>());
            if (received.Any(predicate))
            {
                return received;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Activity not received. Got: " + string.Join(" | ", received.Select(a => a.ToString(Newtonsoft.Json.Formatting.None))));
            }

            await Task.Delay(50);
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }
    }

    private static async Task<JObject> ReadOkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JObject.Parse(text);
    }
}
