using Assistant.Access;
using Assistant.Audit;
using Assistant.Bot.Officers;
using Assistant.Bot.Staff;
using Assistant.Conversation.Archive;
using Microsoft.Extensions.Options;

namespace Assistant.Bot.Archive;

/// <summary>
/// GET /archive/page?p=PAGE&amp;s=SUBJECT&amp;e=EXPIRY&amp;sig=HMAC: one archive page image, for the staff member the link was
/// made for only. Four checks, each enough to refuse: the signature and expiry of the link; an officer page sign-in
/// (the OpenID Connect cookie, not a bearer token: the link is opened in a browser) whose subject is the link's; that
/// subject still on the staff roster; and the page found by a store query with that member's scope and units now.
/// Served with no-store and a CSP that allows nothing but the image; every opening and every refusal after sign-in is
/// an audit row naming the page id.
/// </summary>
public static class ArchivePageEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        // Per signed-in subject (or client address), like the officer APIs: a leaked link cannot be hammered.
        app.MapGet(ArchivePageLinks.Path, HandleAsync).RequireRateLimiting(Assistant.Bot.Hosting.RateLimitPolicies.Officer);

    private static async Task<IResult> HandleAsync(HttpContext context, ArchivePageLinks links, StaffRoster roster,
        IOptions<ArchivePageOptions> options, IAuditTrail audit, ArchiveLookupService? archive = null)
    {
        var request = context.Request.Query;
        string? page = request["p"], subject = request["s"], expires = request["e"], signature = request["sig"];
        SetNoStore(context.Response);
        if (archive is null || !links.Verify(page, subject, expires, signature))
            return Results.Json(new { errors = new[] { "Liên kết không hợp lệ hoặc đã hết hạn. Hãy tra cứu lại trong Teams để nhận liên kết mới." } }, statusCode: StatusCodes.Status403Forbidden);

        var caller = await OfficerCaller.ResolveAsync(context);
        if (caller.SignIn != OfficerSignIn.Cookie)
            return Results.Json(new { errors = new[] { "Cần đăng nhập để xem ảnh trang hồ sơ lưu trữ: mở /officer/login rồi mở lại liên kết." } }, statusCode: StatusCodes.Status401Unauthorized);

        var member = string.Equals(caller.Identity.Subject, subject, StringComparison.OrdinalIgnoreCase) ? roster.Find(subject) : null;
        var staff = member is null ? null : new CallerIdentity(UserRole.Staff)
        {
            Subject = caller.Identity.Subject,
            Roles = new HashSet<UserRole> { UserRole.Staff },
            Units = member.Units,
            Clearance = member.Clearance,
        };
        var hit = staff is null ? null : await archive.FindPageAsync(staff, page!, context.RequestAborted);
        var file = hit is null ? null : Resolve(options.Value.PagesPath, hit.Record.PageImage);
        var units = (staff ?? caller.Identity).Units.ToString();
        var outcome = hit is null ? AuditOutcomes.Denied : file is null ? AuditOutcomes.NotFound : AuditOutcomes.Ok;
        audit.Append(new AuditEntry(caller.Identity.Subject ?? "anonymous", "staff", units.Length == 0 ? null : units, AuditActions.ArchivePageOpen,
            page, caller.ClientAddress, outcome));
        if (hit is null)
            return Results.Json(new { errors = new[] { "Bạn không có quyền xem trang hồ sơ này." } }, statusCode: StatusCodes.Status403Forbidden);
        if (file is null)
            return Results.Json(new { errors = new[] { "Không tìm thấy ảnh của trang hồ sơ này." } }, statusCode: StatusCodes.Status404NotFound);

        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; frame-ancestors 'none'; sandbox";
        var type = Path.GetExtension(file).ToLowerInvariant() switch { ".png" => "image/png", ".jpg" or ".jpeg" => "image/jpeg", ".tif" or ".tiff" => "image/tiff", _ => "application/octet-stream" };
        return Results.File(file, type);
    }

    private static void SetNoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store, private";
        response.Headers.Pragma = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>The image file under the page store, or null when missing or outside it.</summary>
    private static string? Resolve(string root, string relative)
    {
        if (string.IsNullOrEmpty(root)) return null;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(rootFull, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }
}
