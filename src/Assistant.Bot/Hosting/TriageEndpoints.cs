using System.Text.Json;
using Assistant.Triage;

namespace Assistant.Bot.Hosting;

/// <summary>
/// Dossier triage for one-stop-shop officers (issue 4): POST /api/triage, GET /api/triage/{id}, GET /api/queue,
/// POST /api/triage/{id}/override. System.Text.Json, camelCase; errors are {"errors": ["…Vietnamese…"]} with 400/404/409/413.
/// The officer page is wwwroot/officer.html.
/// </summary>
public static class TriageEndpoints
{
    public static WebApplication MapTriageEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/triage", SubmitAsync);
        app.MapGet("/api/triage/{id}", Get);
        app.MapGet("/api/queue", Queue);
        app.MapPost("/api/triage/{id}/override", OverrideAsync);
        return app;
    }

    private static IResult Error(int status, IEnumerable<string> errors) =>
        Results.Json(new { errors = errors.ToArray() }, TriageService.Json, statusCode: status);

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

    private static async Task<IResult> SubmitAsync(HttpContext context, TriageService triage)
    {
        var body = await ReadBodyAsync(context.Request, Triage.Model.DossierRequestParser.MaxBodyBytes, context.RequestAborted);
        if (body is null)
            return Error(StatusCodes.Status413PayloadTooLarge,
                [$"Nội dung yêu cầu quá lớn; tối đa {Triage.Model.DossierRequestParser.MaxBodyBytes / 1024 / 1024} MB (mô tả tối đa {Triage.Model.DossierRequestParser.MaxDescriptionChars:N0} ký tự)."]);
        var outcome = triage.Submit(body);
        return outcome.Status switch
        {
            SubmitStatus.Created => Results.Text(outcome.ResultJson!, "application/json; charset=utf-8", statusCode: StatusCodes.Status201Created),
            SubmitStatus.AlreadyStored => Results.Text(outcome.ResultJson!, "application/json; charset=utf-8", statusCode: StatusCodes.Status200OK),
            SubmitStatus.Conflict => Error(StatusCodes.Status409Conflict, outcome.Errors),
            _ => Error(StatusCodes.Status400BadRequest, outcome.Errors),
        };
    }

    private static IResult Get(string id, TriageService triage)
    {
        var stored = triage.Store.Find(id);
        return stored is null
            ? Error(StatusCodes.Status404NotFound, [$"Không tìm thấy hồ sơ mã {id}."])
            : Results.Text(stored.ResultJson, "application/json; charset=utf-8");
    }

    private static IResult Queue(TriageService triage) => Results.Json(new { items = triage.Queue() }, TriageService.Json);

    private static async Task<IResult> OverrideAsync(string id, HttpContext context, TriageService triage)
    {
        var body = await ReadBodyAsync(context.Request, 16 * 1024, context.RequestAborted);
        if (body is null) return Error(StatusCodes.Status413PayloadTooLarge, ["Nội dung điều chỉnh quá lớn (tối đa 16 KB)."]);
        var (notFound, errors) = triage.Override(id, body);
        if (notFound) return Error(StatusCodes.Status404NotFound, errors);
        if (errors.Count > 0) return Error(StatusCodes.Status400BadRequest, errors);
        return Results.Json(new { id, status = "đã ghi nhận điều chỉnh" }, TriageService.Json);
    }
}
