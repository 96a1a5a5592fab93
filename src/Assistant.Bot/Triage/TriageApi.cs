using Assistant.Access;
using Assistant.Audit;
using Assistant.Bot.Officers;
using Assistant.Bot.Priority;
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
/// errors are <see cref="TriageErrors"/> with 400/403/404/409/413. A stored triage is answered with the JSON text stored
/// with it, so a dossier reads back byte for byte as it was first answered. The officer page is wwwroot/officer.html.
/// Every endpoint sits behind <see cref="OfficerGate"/> (401 without a verified sign-in, 403 when
/// <see cref="AccessPolicy.Allows"/> refuses); the queue and dossier reads are limited to
/// <see cref="AccessPolicy.DossierUnitsFor"/> inside the store query; every call leaves an audit row.
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
        api.MapPost("/triage", SubmitAsync).RequireOfficer(OfficerAction.Triage);
        api.MapGet("/triage/{id}", Get).RequireOfficer(OfficerAction.OpenDossier);
        api.MapGet("/queue", Queue).RequireOfficer(OfficerAction.ReadQueue);
        api.MapPost("/triage/{id}/override", OverrideAsync).RequireOfficer(OfficerAction.Override);
        // The registry triage reads priorities from, kept by admins: mapped with triage so that Program.cs stays one line per module.
        app.MapPriorityProjectApi();
        return app;
    }

    /// <summary>
    /// 201 with the triage of a new dossier, 200 with the stored one for a repeat, 400/409/413 with errors. An officer may
    /// triage any dossier: the result is routed to the competent unit, whose queue shows it.
    /// </summary>
    public static async Task<Results<ContentHttpResult, JsonHttpResult<TriageErrors>>> SubmitAsync(
        HttpRequest request, TriageService triage, OfficerCaller caller, IAuditTrail audit)
    {
        var body = await ReadBodyAsync(request, DossierRequestParser.MaxBodyBytes, request.HttpContext.RequestAborted);
        if (body is null)
        {
            audit.Append(caller.AuditEntry(AuditActions.Triage, null, AuditOutcomes.Invalid));
            return Errors(StatusCodes.Status413PayloadTooLarge,
                [$"Nội dung yêu cầu quá lớn; tối đa {DossierRequestParser.MaxBodyBytes / 1024 / 1024} MB (mô tả tối đa {DossierRequestParser.MaxDescriptionChars:N0} ký tự)."]);
        }
        var outcome = triage.Submit(body);
        var stored = outcome.Status is SubmitStatus.Created or SubmitStatus.AlreadyStored;
        audit.Append(caller.AuditEntry(AuditActions.Triage, stored ? outcome.Result!.Id : null, stored ? AuditOutcomes.Ok : AuditOutcomes.Invalid));
        return outcome.Status switch
        {
            SubmitStatus.Created => StoredJson(outcome.ResultJson!, StatusCodes.Status201Created),
            SubmitStatus.AlreadyStored => StoredJson(outcome.ResultJson!, StatusCodes.Status200OK),
            SubmitStatus.Conflict => Errors(StatusCodes.Status409Conflict, outcome.Errors),
            _ => Errors(StatusCodes.Status400BadRequest, outcome.Errors),
        };
    }

    /// <summary>
    /// 200 with the stored triage when it belongs to one of the caller's units; 403 when it belongs to another unit (not
    /// 404: the officer learns it exists, and the attempt is in the audit trail as denied); 404 when there is none.
    /// </summary>
    public static Results<ContentHttpResult, JsonHttpResult<TriageErrors>> Get(
        string id, TriageService triage, OfficerCaller caller, AccessPolicy policy, IAuditTrail audit)
    {
        var found = triage.Store.Find(id, policy.DossierUnitsFor(caller.Identity));
        if (OutOfReach(id, found, caller, AuditActions.DossierOpen, audit) is { } refused) return refused;
        audit.Append(caller.AuditEntry(AuditActions.DossierOpen, id, AuditOutcomes.Ok));
        return StoredJson(found.Dossier!.ResultJson, StatusCodes.Status200OK);
    }

    /// <summary>200 with the queue of the caller's units (filtered in the store query): priority first, then due date.</summary>
    public static JsonHttpResult<TriageQueue> Queue(TriageService triage, OfficerCaller caller, AccessPolicy policy, IAuditTrail audit)
    {
        var items = triage.Queue(policy.DossierUnitsFor(caller.Identity));
        audit.Append(caller.AuditEntry(AuditActions.QueueRead, null, AuditOutcomes.Ok));
        return TypedResults.Json(new TriageQueue(items), TriageService.Json);
    }

    /// <summary>
    /// 200 when the override is recorded; 400, 403 (a dossier outside the supervisor's units), 404 or 413 with errors. The
    /// officer recorded is the caller's verified subject; an "officer" field in the body is ignored.
    /// </summary>
    public static async Task<Results<JsonHttpResult<OverrideRecorded>, JsonHttpResult<TriageErrors>>> OverrideAsync(
        string id, HttpRequest request, TriageService triage, OfficerCaller caller, AccessPolicy policy, IAuditTrail audit)
    {
        var body = await ReadBodyAsync(request, MaxOverrideBytes, request.HttpContext.RequestAborted);
        if (body is null)
        {
            audit.Append(caller.AuditEntry(AuditActions.Override, id, AuditOutcomes.Invalid));
            return Errors(StatusCodes.Status413PayloadTooLarge, ["Nội dung điều chỉnh quá lớn (tối đa 16 KB)."]);
        }
        if (OutOfReach(id, triage.Store.Find(id, policy.DossierUnitsFor(caller.Identity)), caller, AuditActions.Override, audit) is { } refused)
            return refused;
        var (notFound, errors) = triage.Override(id, body, caller.Identity.Subject!);
        audit.Append(caller.AuditEntry(AuditActions.Override, id, notFound ? AuditOutcomes.NotFound : errors.Count > 0 ? AuditOutcomes.Invalid : AuditOutcomes.Ok));
        if (notFound) return Errors(StatusCodes.Status404NotFound, errors);
        if (errors.Count > 0) return Errors(StatusCodes.Status400BadRequest, errors);
        return TypedResults.Json(new OverrideRecorded(id, "đã ghi nhận điều chỉnh"), TriageService.Json);
    }

    /// <summary>404 (not stored) or 403 (another unit's dossier), each with its audit row; null when the caller may proceed.</summary>
    private static JsonHttpResult<TriageErrors>? OutOfReach(string id, Assistant.Triage.Storage.ScopedDossier found, OfficerCaller caller, string action, IAuditTrail audit)
    {
        if (!found.Exists)
        {
            audit.Append(caller.AuditEntry(action, id, AuditOutcomes.NotFound));
            return Errors(StatusCodes.Status404NotFound, [$"Không tìm thấy hồ sơ mã {id}."]);
        }
        if (found.OutOfScope)
        {
            audit.Append(caller.AuditEntry(action, id, AuditOutcomes.Denied));
            return Errors(StatusCodes.Status403Forbidden, [$"Hồ sơ mã {id} không thuộc đơn vị của bạn; bạn không có quyền xem hoặc điều chỉnh."]);
        }
        return null;
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
