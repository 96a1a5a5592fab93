using System.Text.Json;
using Assistant.Access;
using Assistant.Audit;
using Microsoft.AspNetCore.Antiforgery;

namespace Assistant.Bot.Officers;

/// <summary>Error body of the officer side: {"errors": ["…Vietnamese…"]} (the triage API's format).</summary>
public sealed record OfficerErrors(IReadOnlyList<string> Errors);

/// <summary>
/// The gate in front of every officer endpoint: who may call it is <see cref="AccessPolicy.Allows"/>'s answer for the
/// endpoint's <see cref="OfficerAction"/>, asked here and nowhere else. 401 (with WWW-Authenticate) without a verified
/// sign-in, including when sign-in is not configured at all; 403 when the policy refuses (an audit row, outcome denied);
/// 400 for a cookie-authenticated POST without a valid anti-forgery token. Anonymous 401s leave no audit row: they
/// carry no identity, and recording them would let anyone fill the trail.
/// </summary>
public sealed class OfficerGate(OfficerAction action) : IEndpointFilter
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public const string NotConfiguredMessage =
        "Máy chủ chưa cấu hình đăng nhập cán bộ (mục Auth), nên phần dành cho cán bộ chưa dùng được. Xin liên hệ quản trị hệ thống.";

    public const string SignInRequiredMessage = "Cần đăng nhập tài khoản cán bộ để dùng chức năng này.";

    public const string InvalidTokenMessage = "Thông tin đăng nhập không hợp lệ hoặc đã hết hạn. Xin đăng nhập lại.";

    public const string ForbiddenMessage = "Tài khoản của bạn không có quyền thực hiện thao tác này.";

    public const string AntiforgeryMessage = "Thiếu hoặc sai mã chống giả mạo yêu cầu (anti-forgery). Xin tải lại trang rồi thử lại.";

    /// <summary>The audit action recorded when the gate refuses <paramref name="officerAction"/>.</summary>
    public static string AuditActionOf(OfficerAction officerAction) => officerAction switch
    {
        OfficerAction.Triage => AuditActions.Triage,
        OfficerAction.ReadQueue => AuditActions.QueueRead,
        OfficerAction.OpenDossier => AuditActions.DossierOpen,
        OfficerAction.Override => AuditActions.Override,
        OfficerAction.ReadAudit => AuditActions.AuditRead,
        OfficerAction.ExportPersonalData => AuditActions.PersonalDataExport,
        OfficerAction.ErasePersonalData => AuditActions.PersonalDataErase,
        OfficerAction.ManageReferenceData => AuditActions.ReferenceDataChange,
        OfficerAction.ReadReferenceData => AuditActions.ReferenceDataRead,
        _ => officerAction.ToString(),
    };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = await OfficerCaller.ResolveAsync(http);
        if (Refusal(http, caller) is { } refusal) return refusal;
        if (!http.RequestServices.GetRequiredService<AccessPolicy>().Allows(caller.Identity, action))
        {
            http.RequestServices.GetRequiredService<IAuditTrail>().Append(
                caller.AuditEntry(AuditActionOf(action), (http.Request.RouteValues["id"] ?? http.Request.RouteValues["code"]) as string, AuditOutcomes.Denied));
            return Forbidden();
        }

        if (caller.ViaCookie && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            return Error(StatusCodes.Status400BadRequest, AntiforgeryMessage);
        }

        return await next(context);
    }

    /// <summary>The 401 for a caller without a verified sign-in; null when signed in.</summary>
    public static IResult? Refusal(HttpContext http, OfficerCaller caller)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(caller);
        switch (caller.SignIn)
        {
            case OfficerSignIn.NotConfigured:
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"officers\", error=\"invalid_request\", error_description=\"sign-in is not configured\"";
                return Error(StatusCodes.Status401Unauthorized, NotConfiguredMessage);
            case OfficerSignIn.None:
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"officers\"";
                return Error(StatusCodes.Status401Unauthorized, SignInRequiredMessage);
            case OfficerSignIn.Invalid:
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"officers\", error=\"invalid_token\"";
                return Error(StatusCodes.Status401Unauthorized, InvalidTokenMessage);
            default:
                return null;
        }
    }

    public static IResult Forbidden() => Error(StatusCodes.Status403Forbidden, ForbiddenMessage);

    public static IResult Error(int status, params string[] errors) =>
        TypedResults.Json(new OfficerErrors(errors), Json, statusCode: status);
}

/// <summary>Endpoint metadata: the officer action an endpoint performs (set by <see cref="OfficerGateExtensions.RequireOfficer"/>).</summary>
public sealed record OfficerEndpoint(OfficerAction Action);

/// <summary>Puts an <see cref="OfficerGate"/> in front of an endpoint.</summary>
public static class OfficerGateExtensions
{
    /// <summary>Only verified callers that <see cref="AccessPolicy.Allows"/> for <paramref name="action"/> reach the handler.</summary>
    public static TBuilder RequireOfficer<TBuilder>(this TBuilder builder, OfficerAction action) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OfficerEndpoint(action)).AddEndpointFilter(new OfficerGate(action));
}
