using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Assistant.Access;
using Assistant.Audit;
using Assistant.Bot.Officers;
using Assistant.Land.Priority;
using Assistant.Triage.Priority;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assistant.Bot.Priority;

/// <summary>One version of a project as the API shows it: the project and when, how and by whom it was recorded.</summary>
public sealed record PriorityProjectView(
    string Code,
    int Version,
    DateTimeOffset ValidFrom,
    DateTimeOffset RecordedAt,
    string Change,
    string RecordedBy,
    PriorityProject Project);

/// <summary>Body of GET /api/priority-projects: the registry now, or as it stood at "at".</summary>
public sealed record PriorityProjectList(DateTimeOffset At, IReadOnlyList<PriorityProjectView> Items);

/// <summary>Body of GET /api/priority-projects/{code}: the latest version and every version, oldest first.</summary>
public sealed record PriorityProjectDetail(PriorityProjectView Current, IReadOnlyList<PriorityProjectView> History);

/// <summary>Body of POST /api/priority-projects and PUT /api/priority-projects/{code}.</summary>
public sealed class PriorityProjectBody
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public List<string>? Aliases { get; set; }
    public List<string>? OldUnits { get; set; }
    public LegalBasisBody? LegalBasis { get; set; }
    public string? EffectiveFrom { get; set; }
    public string? EffectiveTo { get; set; }
    public bool Verified { get; set; }
    public string? Note { get; set; }
    public string? Source { get; set; }

    public sealed class LegalBasisBody
    {
        public string? Instrument { get; set; }
        public string? Date { get; set; }
    }

    public PriorityProjectInput ToInput() =>
        new(Code, Name, Aliases, OldUnits, LegalBasis?.Instrument, LegalBasis?.Date, EffectiveFrom, EffectiveTo, Verified, Note, Source);
}

/// <summary>Body of POST /api/priority-projects/{code}/close (both optional).</summary>
public sealed class PriorityProjectCloseBody
{
    public string? EffectiveTo { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// The priority-project registry officers keep (issue 11, item 5), under /api/priority-projects: list and get (with
/// history) for every one-stop-shop role (<see cref="OfficerAction.ReadReferenceData"/>); create, change and close for
/// admins only (<see cref="OfficerAction.ManageReferenceData"/>). Each write is a new version in
/// <see cref="PriorityProjectStore"/> and an audit row whose target is the project code. Errors are
/// {"errors": ["…Vietnamese…"]}: 400 invalid, 404 unknown code, 413 too large.
/// </summary>
public static class PriorityProjectApi
{
    public const string Path = "/api/priority-projects";

    /// <summary>Largest request body (413 above).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(PriorityProjectRegistry.Json)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static IEndpointRouteBuilder MapPriorityProjectApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup(Path).WithTags("PriorityProjects");
        api.RequireRateLimiting(Assistant.Bot.Hosting.RateLimitPolicies.Officer);
        api.MapGet("", List).RequireOfficer(OfficerAction.ReadReferenceData);
        api.MapGet("/{code}", Get).RequireOfficer(OfficerAction.ReadReferenceData);
        api.MapPost("", CreateAsync).RequireOfficer(OfficerAction.ManageReferenceData);
        api.MapPut("/{code}", ChangeAsync).RequireOfficer(OfficerAction.ManageReferenceData);
        api.MapPost("/{code}/close", CloseAsync).RequireOfficer(OfficerAction.ManageReferenceData);
        return app;
    }

    /// <summary>
    /// 200 with every project's latest version; with ?at=yyyy-MM-dd (a Hanoi day, read at its end) or an ISO instant,
    /// the registry as it stood then. 400 for an unreadable "at".
    /// </summary>
    public static Results<JsonHttpResult<PriorityProjectList>, JsonHttpResult<OfficerErrors>> List(string? at, PriorityProjectStore store, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(at))
            return TypedResults.Json(new PriorityProjectList(time.GetUtcNow(), store.Current().Select(View).ToList()), Json);
        if (ParseInstant(at) is not { } instant)
            return Errors(StatusCodes.Status400BadRequest, [$"Thời điểm «{at}» không hợp lệ; ghi năm-tháng-ngày (2025-03-01) hoặc thời điểm ISO 8601."]);
        var asOf = store.Current().Select(c => store.History(c.Code).LastOrDefault(v => v.ValidFrom <= instant)).OfType<PriorityProjectVersion>();
        return TypedResults.Json(new PriorityProjectList(instant, asOf.Select(View).ToList()), Json);
    }

    /// <summary>200 with the latest version and the history; 404 when the code is unknown.</summary>
    public static Results<JsonHttpResult<PriorityProjectDetail>, JsonHttpResult<OfficerErrors>> Get(string code, PriorityProjectStore store)
    {
        var history = store.History(code);
        if (history.Count == 0) return Errors(StatusCodes.Status404NotFound, [$"Không có dự án mã {code} trong sổ dự án trọng điểm."]);
        return TypedResults.Json(new PriorityProjectDetail(View(history[^1]), history.Select(View).ToList()), Json);
    }

    /// <summary>201 with the first version; 400 (invalid, duplicate code) or 413 with errors.</summary>
    public static async Task<Results<JsonHttpResult<PriorityProjectView>, JsonHttpResult<OfficerErrors>>> CreateAsync(
        HttpRequest request, PriorityProjectStore store, OfficerCaller caller, IAuditTrail audit)
    {
        var (body, refused) = await ReadAsync<PriorityProjectBody>(request);
        if (refused is not null)
        {
            audit.Append(caller.AuditEntry(AuditActions.PriorityProjectCreate, null, AuditOutcomes.Invalid));
            return refused;
        }
        var write = store.Create(body!.ToInput(), caller.Identity.Subject!);
        return Answer(write, AuditActions.PriorityProjectCreate, Target(body.Code), StatusCodes.Status201Created, caller, audit);
    }

    /// <summary>200 with the new version; 400, 404 or 413 with errors. The whole project is sent, as it should now read.</summary>
    public static async Task<Results<JsonHttpResult<PriorityProjectView>, JsonHttpResult<OfficerErrors>>> ChangeAsync(
        string code, HttpRequest request, PriorityProjectStore store, OfficerCaller caller, IAuditTrail audit)
    {
        var (body, refused) = await ReadAsync<PriorityProjectBody>(request);
        if (refused is not null)
        {
            audit.Append(caller.AuditEntry(AuditActions.PriorityProjectChange, Target(code), AuditOutcomes.Invalid));
            return refused;
        }
        var write = store.Change(code, body!.ToInput(), caller.Identity.Subject!);
        return Answer(write, AuditActions.PriorityProjectChange, Target(code), StatusCodes.Status200OK, caller, audit);
    }

    /// <summary>200 with the closing version; 400 (already closed, bad date), 404 or 413 with errors. The body may be empty.</summary>
    public static async Task<Results<JsonHttpResult<PriorityProjectView>, JsonHttpResult<OfficerErrors>>> CloseAsync(
        string code, HttpRequest request, PriorityProjectStore store, OfficerCaller caller, IAuditTrail audit)
    {
        var (body, refused) = await ReadAsync<PriorityProjectCloseBody>(request, allowEmpty: true);
        if (refused is not null)
        {
            audit.Append(caller.AuditEntry(AuditActions.PriorityProjectClose, Target(code), AuditOutcomes.Invalid));
            return refused;
        }
        var write = store.Close(code, body?.EffectiveTo, body?.Note, caller.Identity.Subject!);
        return Answer(write, AuditActions.PriorityProjectClose, Target(code), StatusCodes.Status200OK, caller, audit);
    }

    private static Results<JsonHttpResult<PriorityProjectView>, JsonHttpResult<OfficerErrors>> Answer(
        PriorityProjectWrite write, string action, string? target, int okStatus, OfficerCaller caller, IAuditTrail audit)
    {
        var outcome = write.Ok ? AuditOutcomes.Ok : write.NotFound ? AuditOutcomes.NotFound : AuditOutcomes.Invalid;
        audit.Append(caller.AuditEntry(action, write.Version?.Code ?? target, outcome));
        if (write.NotFound) return Errors(StatusCodes.Status404NotFound, write.Errors);
        if (!write.Ok) return Errors(StatusCodes.Status400BadRequest, write.Errors);
        return TypedResults.Json(View(write.Version!), Json, statusCode: okStatus);
    }

    /// <summary>A code as an audit target: only the short codes the store accepts, never free text someone typed there.</summary>
    private static string? Target(string? code) =>
        code is { Length: > 0 and <= 64 } c && c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.') ? c : null;

    private static PriorityProjectView View(PriorityProjectVersion v) =>
        new(v.Code, v.Version, v.ValidFrom, v.RecordedAt, v.Change, v.Actor, v.Project);

    private static JsonHttpResult<OfficerErrors> Errors(int status, IEnumerable<string> errors) =>
        TypedResults.Json(new OfficerErrors(errors.ToArray()), Json, statusCode: status);

    private static DateTimeOffset? ParseInstant(string text)
    {
        // A day means its end in Hanoi (UTC+7, no daylight saving): everything recorded that day counts.
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.FromHours(7));
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) ? instant : null;
    }

    private static async Task<(T? Body, JsonHttpResult<OfficerErrors>? Refused)> ReadAsync<T>(HttpRequest request, bool allowEmpty = false) where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
            return (null, Errors(StatusCodes.Status413PayloadTooLarge, [$"Nội dung yêu cầu quá lớn (tối đa {MaxBodyBytes / 1024} KB)."]));
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return (null, Errors(StatusCodes.Status413PayloadTooLarge, [$"Nội dung yêu cầu quá lớn (tối đa {MaxBodyBytes / 1024} KB)."]));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            return allowEmpty ? (null, null) : (null, Errors(StatusCodes.Status400BadRequest, ["Thiếu nội dung yêu cầu (JSON)."]));
        try
        {
            var body = JsonSerializer.Deserialize<T>(buffer.ToArray(), Json);
            return body is null && !allowEmpty ? (null, Errors(StatusCodes.Status400BadRequest, ["Nội dung yêu cầu phải là một đối tượng JSON."])) : (body, null);
        }
        catch (JsonException)
        {
            return (null, Errors(StatusCodes.Status400BadRequest, ["Nội dung yêu cầu không phải JSON hợp lệ hoặc sai kiểu dữ liệu (ngày ghi dạng chuỗi \"2025-02-25\", danh sách là mảng chuỗi)."]));
        }
    }
}
