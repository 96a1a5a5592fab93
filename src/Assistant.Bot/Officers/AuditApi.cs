using System.Globalization;
using Assistant.Access;
using Assistant.Audit;
using Assistant.Bot.Hosting;

namespace Assistant.Bot.Officers;

/// <summary>Body of GET /api/audit: one page of rows, oldest first, and the cursor of the next page (null on the last).</summary>
public sealed record AuditTrailPage(IReadOnlyList<AuditRecord> Items, long? Next);

/// <summary>
/// GET /api/audit for supervisors and admins (<see cref="OfficerAction.ReadAudit"/>): filters actor, action, target,
/// outcome, from, to (ISO 8601 times), paging with after (the cursor) and limit (1–200, default 50). Each read is itself
/// an audit row.
/// </summary>
public static class AuditApi
{
    public const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/audit", Read).RequireOfficer(OfficerAction.ReadAudit).RequireRateLimiting(RateLimitPolicies.Officer).WithTags("Audit");
        return app;
    }

    public static IResult Read(HttpRequest request, OfficerCaller caller, IAuditTrail trail)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(trail);
        var errors = new List<string>();
        var q = request.Query;
        var from = Time(q["from"], "from", errors);
        var to = Time(q["to"], "to", errors);
        long after = 0;
        if (!string.IsNullOrEmpty(q["after"]) && (!long.TryParse(q["after"], NumberStyles.None, CultureInfo.InvariantCulture, out after)))
            errors.Add("Tham số after phải là số thứ tự (số nguyên không âm) của dòng cuối trang trước.");
        var limit = 50;
        if (!string.IsNullOrEmpty(q["limit"]) && (!int.TryParse(q["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            errors.Add($"Tham số limit phải từ 1 đến {MaxLimit}.");
        if (errors.Count > 0) return OfficerGate.Error(StatusCodes.Status400BadRequest, [.. errors]);

        var page = trail.Query(new AuditQuery(Blank(q["actor"]), Blank(q["action"]), Blank(q["target"]), Blank(q["outcome"]), from, to, after, limit));
        trail.Append(caller.AuditEntry(AuditActions.AuditRead, null, AuditOutcomes.Ok));
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new AuditTrailPage(page.Items, page.NextAfterSeq), OfficerGate.Json);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset? Time(string? value, string name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        errors.Add($"Tham số {name} phải là thời điểm ISO 8601, ví dụ 2026-03-02T08:00:00+07:00.");
        return null;
    }
}
