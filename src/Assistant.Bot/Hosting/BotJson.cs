using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Hosting;

/// <summary>
/// JSON for Bot Framework payloads. Activities are Newtonsoft-annotated types, so they are read and written with
/// Newtonsoft (as Bot Builder does); the host's own small bodies ({status}, {error}) use the same writer.
/// </summary>
internal static class BotJson
{
    public static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        Formatting = Formatting.None,
        DateParseHandling = DateParseHandling.DateTimeOffset,
        MaxDepth = 64,
    };

    public static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    public static async Task WriteAsync(HttpResponse response, int status, object body, CancellationToken cancellationToken = default)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        var json = body is JToken token ? token.ToString(Formatting.None) : JsonConvert.SerializeObject(body, Settings);
        await response.WriteAsync(json, Encoding.UTF8, cancellationToken);
    }

    /// <summary>Error body in the Bot Framework / Direct Line shape: {"error": {"code": "...", "message": "..."}}.</summary>
    public static Task WriteErrorAsync(HttpResponse response, int status, string code, string message, CancellationToken cancellationToken = default) =>
        WriteAsync(response, status, new JObject { ["error"] = new JObject { ["code"] = code, ["message"] = message } }, cancellationToken);
}
