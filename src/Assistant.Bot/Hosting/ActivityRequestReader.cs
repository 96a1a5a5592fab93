using System.Text;
using Microsoft.Bot.Schema;
using Microsoft.Net.Http.Headers;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Hosting;

/// <summary>
/// Reads an activity from a request body the strict way, before any Bot Framework code sees it: JSON content type
/// (415 otherwise), at most N bytes (413), well-formed JSON object (400), an activity with a type (400).
/// On failure it writes a short JSON error and returns null.
/// </summary>
internal static class ActivityRequestReader
{
    internal sealed record Result(Activity Activity, JObject Json, byte[] Body);

    public static async Task<Result?> ReadAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        var response = context.Response;
        var ct = context.RequestAborted;

        if (!IsJsonContentType(request.ContentType))
        {
            await BotJson.WriteErrorAsync(response, StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType",
                "Content-Type must be application/json (UTF-8).", ct);
            return null;
        }

        if (request.ContentLength > maxBytes)
        {
            await WriteTooLargeAsync(response, maxBytes, ct);
            return null;
        }

        var body = await ReadCappedAsync(request.Body, maxBytes, ct);
        if (body is null)
        {
            await WriteTooLargeAsync(response, maxBytes, ct);
            return null;
        }

        JObject json;
        Activity? activity;
        try
        {
            // System.Text.Json first: strict RFC 8259 (Newtonsoft alone accepts comments, single quotes, NaN...).
            using (System.Text.Json.JsonDocument.Parse(body, new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 }))
            {
            }

            using var reader = new JsonTextReader(new StreamReader(new MemoryStream(body), Encoding.UTF8))
            {
                DateParseHandling = DateParseHandling.DateTimeOffset,
                MaxDepth = 64,
            };
            json = JToken.ReadFrom(reader) as JObject
                ?? throw new JsonReaderException("The body is not a JSON object.");
            activity = json.ToObject<Activity>(BotJson.Serializer);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or JsonException or ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            await BotJson.WriteErrorAsync(response, StatusCodes.Status400BadRequest, "BadArgument",
                "The body is not a well-formed JSON activity.", ct);
            return null;
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            await BotJson.WriteErrorAsync(response, StatusCodes.Status400BadRequest, "BadArgument",
                "The activity has no type.", ct);
            return null;
        }

        return new Result(activity, json, body);
    }

    internal static bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? string.Empty;
        var isJson = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = media.Charset.Value;
        return isJson && (string.IsNullOrEmpty(charset) || charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    private static Task WriteTooLargeAsync(HttpResponse response, int maxBytes, CancellationToken ct) =>
        BotJson.WriteErrorAsync(response, StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge",
            $"The body is larger than {maxBytes / 1024} KB.", ct);

    /// <summary>The whole body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadCappedAsync(Stream body, int maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await body.ReadAsync(chunk, ct);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }
    }
}
