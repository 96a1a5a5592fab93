using Assistant.Triage;
using Assistant.Triage.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assistant.Bot.Triage;

/// <summary>Error body of the triage API: {"errors": ["…Vietnamese…"]}.</summary>
public sealed record TriageErrors(IReadOnlyList<string> Errors);

/// <summary>Body of GET /api/queue: {"items": [...]}.</summary>
public sealed record TriageQueue(IReadOnlyList<QueueItem> Items);

/// <summary>Body of an accepted override: {"id": "…", "status": "đã ghi nhận điều chỉnh"}.</summary>
public sealed record OverrideRecorded(string Id, string Status);

/// <summary>
/// Dossier triage for one-stop-shop officers (issue 4): POST /api/triage, GET /api/triage/{id}, GET /api/queue,
/// POST /api/triage/{id}/override. System.Text.Json with <see cref="TriageService.Json"/> (camelCase, Vietnamese unescaped);
/// errors are <see cref="TriageErrors"/> with 400/404/409/413. A stored triage is answered with the JSON text stored
/// with it, so a dossier reads back byte for byte as it was first answered. The officer page is wwwroot/officer.html.
/// </summary>
public static class TriageApi
{
    /// <summary>Largest override body (413 above).</summary>
    public const int MaxOverrideBytes = 16 * 1024;

    private const string JsonContentType = "application/json; charset=utf-8";

    public static IEndpointRouteBuilder MapTriageApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api").WithTags("Triage");
        api.RequireRateLimiting(Assistant.Bot.Hosting.RateLimitPolicies.Officer);
        api.MapPost("/triage", SubmitAsync);
        api.MapGet("/triage/{id}", Get);
        api.MapGet("/queue", Queue);
        api.MapPost("/triage/{id}/override", OverrideAsync);
        return app;
    }

    /// <summary>201 with the triage of a new dossier, 200 with the stored one for a repeat, 400/409/413 with errors.</summary>
    public static async Task<Results<ContentHttpResult, JsonHttpResult<TriageErrors>>> SubmitAsync(HttpRequest request, TriageService triage)
    {
        var body = await ReadBodyAsync(request, DossierRequestParser.MaxBodyBytes, request.HttpContext.RequestAborted);
        if (body is null)
            return Errors(StatusCodes.Status413PayloadTooLarge,
                [$"Nội dung yêu cầu quá lớn; tối đa {DossierRequestParser.MaxBodyBytes / 1024 / 1024} MB (mô tả tối đa {DossierRequestParser.MaxDescriptionChars:N0} ký tự)."]);
        var outcome = triage.Submit(body);
        return outcome.Status switch
        {
            SubmitStatus.Created => StoredJson(outcome.ResultJson!, StatusCodes.Status201Created),
            SubmitStatus.AlreadyStored => StoredJson(outcome.ResultJson!, StatusCodes.Status200OK),
            SubmitStatus.Conflict => Errors(StatusCodes.Status409Conflict, outcome.Errors),
            _ => Errors(StatusCodes.Status400BadRequest, outcome.Errors),
        };
    }

    /// <summary>200 with the stored triage, 404 with an error.</summary>
    public static Results<ContentHttpResult, JsonHttpResult<TriageErrors>> Get(string id, TriageService triage)
    {
        var stored = triage.Store.Find(id);
        return stored is null
            ? Errors(StatusCodes.Status404NotFound, [$"Không tìm thấy hồ sơ mã {id}."])
            : StoredJson(stored.ResultJson, StatusCodes.Status200OK);
    }

    /// <summary>200 with the queue: priority first, then due date.</summary>
    public static JsonHttpResult<TriageQueue> Queue(TriageService triage) =>
        TypedResults.Json(new TriageQueue(triage.Queue()), TriageService.Json);

    /// <summary>200 when the override is recorded; 400, 404 or 413 with errors.</summary>
    public static async Task<Results<JsonHttpResult<OverrideRecorded>, JsonHttpResult<TriageErrors>>> OverrideAsync(string id, HttpRequest request, TriageService triage)
    {
        var body = await ReadBodyAsync(request, MaxOverrideBytes, request.HttpContext.RequestAborted);
        if (body is null) return Errors(StatusCodes.Status413PayloadTooLarge, ["Nội dung điều chỉnh quá lớn (tối đa 16 KB)."]);
        var (notFound, errors) = triage.Override(id, body);
        if (notFound) return Errors(StatusCodes.Status404NotFound, errors);
        if (errors.Count > 0) return Errors(StatusCodes.Status400BadRequest, errors);
        return TypedResults.Json(new OverrideRecorded(id, "đã ghi nhận điều chỉnh"), TriageService.Json);
    }

    private static JsonHttpResult<TriageErrors> Errors(int status, IEnumerable<string> errors) =>
        TypedResults.Json(new TriageErrors(errors.ToArray()), TriageService.Json, statusCode: status);

    private static ContentHttpResult StoredJson(string json, int status) =>
        TypedResults.Text(json, JsonContentType, statusCode: status);

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is larger.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
