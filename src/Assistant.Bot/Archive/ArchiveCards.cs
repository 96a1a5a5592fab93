using System.Globalization;
using System.Text.Json.Nodes;
using Assistant.Access;
using Assistant.Conversation.Archive;
using Assistant.Retrieval.Chunks;

namespace Assistant.Bot.Archive;

/// <summary>
/// Adaptive Cards (schema 1.5, built as JSON: the AdaptiveCards package is not used) for archive lookups: one card per
/// page with the extracted fields, a confidence hint on each, the personal data as the caller may see it, and the signed
/// link to the page image.
/// </summary>
public static class ArchiveCards
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Below this confidence a field is shown with "cần đối chiếu ảnh" (check against the image).</summary>
    public const float LowConfidence = 0.8f;

    private static readonly Dictionary<string, string> KindNames = new(StringComparer.Ordinal)
    {
        [ArchiveKinds.Certificate] = "Giấy chứng nhận",
        [ArchiveKinds.Decision] = "Quyết định",
        [ArchiveKinds.Contract] = "Hợp đồng chuyển nhượng",
        [ArchiveKinds.CadastralExtract] = "Trích lục bản đồ địa chính",
        [ArchiveKinds.Unknown] = "Hồ sơ",
    };

    /// <summary>The card of one page as JSON text.</summary>
    public static string Card(ArchiveLookupHit hit, string pageLink)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var r = hit.Record;
        var facts = new JsonArray();
        void Fact(string title, ArchiveField? field)
        {
            if (field is null || field.Value.Length == 0) return;
            facts.Add(new JsonObject { ["title"] = title, ["value"] = $"{field.Value} {Confidence(field.Confidence)}" });
        }

        Fact("Thửa đất số", r.Parcel);
        Fact("Tờ bản đồ số", r.MapSheet);
        Fact("Địa chỉ", r.Address);
        Fact("Số phát hành (seri)", r.Serial);
        Fact("Số vào sổ", r.RegisterNumber);
        Fact("Số văn bản", r.DocumentNumber);
        Fact("Ngày", r.DocumentDate);
        Fact("Cơ quan ban hành", r.Issuer);
        if (r.Personal.HolderNames.Count > 0)
            facts.Add(new JsonObject { ["title"] = "Người sử dụng đất", ["value"] = string.Join("; ", r.Personal.HolderNames) });
        if (r.Personal.IdNumbers.Count > 0)
            facts.Add(new JsonObject { ["title"] = "Số giấy tờ tùy thân", ["value"] = string.Join("; ", r.Personal.IdNumbers) });

        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = KindNames.GetValueOrDefault(r.Kind, "Hồ sơ") + (r.DocumentNumber?.Value ?? r.Serial?.Value) switch { { } n => " " + n, null => "" },
                ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = $"{hit.UnitName} · {LevelName(hit.Level)} · trang {r.Page.ToString(CultureInfo.InvariantCulture)}",
                ["isSubtle"] = true, ["spacing"] = "None", ["wrap"] = true },
            new JsonObject { ["type"] = "FactSet", ["facts"] = facts },
        };
        if (hit.PersonalMasked)
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = "Tên và số giấy tờ tùy thân đã được che: cần quyền xem hồ sơ mật.", ["isSubtle"] = true, ["wrap"] = true, ["size"] = "Small" });
        body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = "Trường có dấu ⚠ đọc bằng OCR với độ tin cậy thấp: đối chiếu với ảnh trang.", ["isSubtle"] = true, ["wrap"] = true, ["size"] = "Small" });

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
            ["actions"] = new JsonArray { new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Xem ảnh trang (cần đăng nhập)", ["url"] = pageLink } },
        };
        return card.ToJsonString();
    }

    /// <summary>The one-line preview of a page in the messaging extension's result list.</summary>
    public static (string Title, string Subtitle) Preview(ArchiveLookupHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var r = hit.Record;
        var title = KindNames.GetValueOrDefault(r.Kind, "Hồ sơ") + (r.DocumentNumber?.Value ?? r.Serial?.Value) switch { { } n => " " + n, null => "" };
        var parcel = r.Parcel is { } p && r.MapSheet is { } s ? $"Thửa {p.Value}, tờ {s.Value} · " : "";
        return (title, parcel + hit.UnitName);
    }

    private static string Confidence(float c) =>
        c < LowConfidence ? $"(⚠ {Math.Round(c * 100).ToString(CultureInfo.InvariantCulture)}%, cần đối chiếu ảnh)" : $"({Math.Round(c * 100).ToString(CultureInfo.InvariantCulture)}%)";

    private static string LevelName(SecurityLevel level) => level switch
    {
        SecurityLevel.Confidential => "Mật",
        SecurityLevel.Internal => "Nội bộ",
        _ => "Công khai",
    };
}
