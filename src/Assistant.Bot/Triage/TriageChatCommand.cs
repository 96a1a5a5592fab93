using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Assistant.Access;
using Assistant.Conversation;
using Assistant.Triage;
using Assistant.Triage.Model;
using Assistant.Vietnamese;

namespace Assistant.Bot.Triage;

/// <summary>
/// Answers "phân loại hồ sơ: …" (also without diacritics) with a triage of the text (not stored) for a verified officer
/// (<see cref="AccessPolicy.Allows"/> with <see cref="OfficerAction.Triage"/>), and with <see cref="OfficersOnly"/>
/// for anyone else; every other turn goes to the decorated conversation service unchanged. Chat turns carry no verified
/// identity yet (<see cref="UserTurn.Caller"/> has no subject), so in practice the command refuses and points to the
/// officer page, where officers sign in.
/// </summary>
public sealed partial class TriageChatCommand(IConversationService inner, TriageService triage, AccessPolicy policy) : IConversationService
{
    public const string Intent = "triage";

    /// <summary>The answer to a caller who is not a verified officer.</summary>
    public const string OfficersOnly =
        "Phân loại hồ sơ chỉ dành cho cán bộ một cửa đã đăng nhập. Xin mở trang cán bộ /officer.html, đăng nhập bằng tài khoản cán bộ rồi phân loại hồ sơ tại đó.";

    [GeneratedRegex(@"^\s*phan\s+loai\s+ho\s+so\s*[:：\-–]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Command();

    public Task<AssistantReply> HandleAsync(UserTurn turn, CancellationToken cancellationToken)
    {
        var text = VietnameseText.Nfc(turn.Text ?? "");
        var folded = VietnameseText.Fold(text);
        // Fold keeps the length of NFC text for Vietnamese letters (one char per letter), so the prefix length carries over.
        var m = Command().Match(folded);
        if (!m.Success || folded.Length != text.Length) return inner.HandleAsync(turn, cancellationToken);
        if (!policy.Allows(turn.Caller, OfficerAction.Triage)) return Task.FromResult(new AssistantReply(OfficersOnly, null, [], [], Intent));
        var body = text[m.Length..].Trim();
        if (body.Length == 0)
            return Task.FromResult(new AssistantReply("Hãy ghi mô tả hồ sơ sau «phân loại hồ sơ:», ví dụ: «phân loại hồ sơ: tách thửa, có sổ đỏ và đơn tách thửa».", null, [], [], Intent));
        if (body.Length > DossierRequestParser.MaxDescriptionChars)
            return Task.FromResult(new AssistantReply($"Mô tả hồ sơ quá dài (tối đa {DossierRequestParser.MaxDescriptionChars:N0} ký tự).", null, [], [], Intent));

        var request = new DossierRequest("chat", triage.Now, true, null, null, body, [], new ParcelInfo(null, null, null, null), null, []);
        var r = triage.Triage(request);
        Assistant.Triage.Telemetry.TriageTelemetry.CountRequest(Assistant.Triage.Telemetry.TriageTelemetry.FromChat, "classified");
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"**Phân loại hồ sơ** (mô hình {r.ModelVersion}, không lưu)\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"- Thủ tục: **{r.ProcedureName}** (mã {r.ProcedureCode}), độ tin cậy {r.Confidence:P0}\n");
        if (r.Alternatives.Count > 0)
            sb.Append("- Khả năng khác: ").AppendJoin("; ", r.Alternatives.Select(a => $"{a.ProcedureCode} ({a.Confidence:P0})")).Append('\n');
        if (r.WorkingDays is int d) sb.Append(CultureInfo.InvariantCulture, $"- Thời hạn: {d} ngày làm việc, hạn trả nếu nhận hôm nay: {r.DueDate}\n");
        else if (r.WorkingDaysRange is { } rg) sb.Append(CultureInfo.InvariantCulture, $"- Thời hạn: {rg[0]}–{rg[1]} ngày làm việc (hạn muộn nhất {r.DueDate})\n");
        if (r.Priority.IsPriority) sb.Append(CultureInfo.InvariantCulture, $"- Ưu tiên: {r.Priority.Project}\n");
        if (r.ReviewReasons.Contains(TriageService.ReviewReasonLowConfidence)) sb.Append("- Cần cán bộ xem xét (độ tin cậy thấp).\n");
        if (r.MissingDocuments.Count > 0)
            sb.Append("- Giấy tờ bắt buộc: ").AppendJoin("; ", r.MissingDocuments).Append('\n');
        sb.Append("\nĐể kiểm tra giấy tờ đã nộp, hạn trả và nơi tiếp nhận, gửi hồ sơ qua POST /api/triage (hàng đợi: /officer.html).");
        return Task.FromResult(new AssistantReply(sb.ToString(), null, [], [], Intent));
    }
}

public static class TriageChatCommandRegistration
{
    /// <summary>
    /// Puts the "phân loại hồ sơ: …" command in front of the registered <see cref="IConversationService"/>, keeping its
    /// lifetime. The host wires it: neither the conversation core nor triage knows the other.
    /// </summary>
    public static IServiceCollection AddTriageChatCommand(this IServiceCollection services)
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IConversationService))
            ?? throw new InvalidOperationException("AddTriageChatCommand needs an IConversationService registered first.");
        services.Remove(existing);
        services.Add(new ServiceDescriptor(typeof(IConversationService), sp =>
        {
            var inner = existing.ImplementationInstance as IConversationService
                        ?? (existing.ImplementationFactory is not null
                            ? (IConversationService)existing.ImplementationFactory(sp)
                            : (IConversationService)ActivatorUtilities.CreateInstance(sp, existing.ImplementationType!));
            return new TriageChatCommand(inner, sp.GetRequiredService<TriageService>(), sp.GetService<AccessPolicy>() ?? new AccessPolicy());
        }, existing.Lifetime));
        return services;
    }
}
