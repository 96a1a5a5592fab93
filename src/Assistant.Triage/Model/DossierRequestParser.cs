using Assistant.Land.Calendar;
using System.Globalization;
using System.Text.Json;
using Assistant.Vietnamese;

namespace Assistant.Triage.Model;

/// <summary>The outcome of reading a POST /api/triage body: a dossier, or Vietnamese error messages (never both).</summary>
public sealed record DossierParseResult(DossierRequest? Dossier, IReadOnlyList<string> Errors)
{
    public bool IsValid => Dossier is not null && Errors.Count == 0;
}

/// <summary>
/// Reads and validates the JSON body of POST /api/triage by hand, so that every problem gets a Vietnamese message
/// (malformed JSON, wrong types, missing description, malformed or future dates, too many or too long papers).
/// </summary>
public static class DossierRequestParser
{
    public const int MaxBodyBytes = 2 * 1024 * 1024;
    public const int MaxDescriptionChars = 8_000;
    public const int MaxDocuments = 60;
    public const int MaxDocumentChars = 300;
    public const int MaxIdChars = 64;
    public const int MaxFieldChars = 300;
    public const int MaxPauses = 20;

    /// <summary>Dates later than now + this tolerance are refused as future dates.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(10);

    public static DossierParseResult Parse(ReadOnlySpan<byte> utf8Json, DateTimeOffset now)
    {
        if (utf8Json.Length == 0) return Fail("Nội dung yêu cầu rỗng: cần một đối tượng JSON mô tả hồ sơ.");
        if (utf8Json.Length > MaxBodyBytes)
            return Fail($"Nội dung yêu cầu quá lớn ({utf8Json.Length / 1024} KB); tối đa {MaxBodyBytes / 1024} KB.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return Fail($"Nội dung không phải JSON hợp lệ (dòng {(ex.LineNumber ?? 0) + 1}, vị trí {(ex.BytePositionInLine ?? 0) + 1}).");
        }
        using (doc)
        {
            return Read(doc.RootElement, now);
        }
    }

    public static DossierParseResult Parse(string json, DateTimeOffset now) =>
        Parse(System.Text.Encoding.UTF8.GetBytes(json ?? ""), now);

    private static DossierParseResult Fail(params string[] errors) => new(null, errors);

    private static DossierParseResult Read(JsonElement root, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object) return Fail("Nội dung phải là một đối tượng JSON { … } mô tả hồ sơ.");
        var errors = new List<string>();

        string? id = String(root, "id", "Mã hồ sơ (id)", errors, MaxIdChars);
        if (id is not null && id.Any(c => char.IsControl(c) || c == '/' || c == '\\'))
            errors.Add("Mã hồ sơ (id) chứa ký tự không hợp lệ.");

        string? description = String(root, "description", "Mô tả hồ sơ (description)", errors, MaxDescriptionChars);
        if (string.IsNullOrWhiteSpace(description) && !errors.Any(e => e.Contains("description", StringComparison.Ordinal)))
            errors.Add("Thiếu mô tả hồ sơ (description): cần một câu mô tả yêu cầu của người nộp.");

        DateTimeOffset receivedAt = now;
        bool assumed = true;
        var receivedText = String(root, "receivedAt", "Thời điểm tiếp nhận (receivedAt)", errors, 64);
        if (receivedText is not null)
        {
            if (!TryParseInstant(receivedText, out receivedAt))
                errors.Add($"Thời điểm tiếp nhận (receivedAt) '{receivedText}' không đúng định dạng ISO 8601 có múi giờ, ví dụ 2026-03-02T08:30:00+07:00.");
            else if (receivedAt > now + FutureTolerance)
                errors.Add($"Thời điểm tiếp nhận (receivedAt) {receivedAt:yyyy-MM-dd HH:mm zzz} ở tương lai.");
            else if (receivedAt.Year < 2000)
                errors.Add($"Thời điểm tiếp nhận (receivedAt) {receivedAt:yyyy-MM-dd} quá cũ.");
            else assumed = false;
        }

        DossierChannel? channel = null;
        var channelText = String(root, "channel", "Kênh nộp (channel)", errors, 32);
        if (channelText is not null)
        {
            channel = channelText.Trim().ToLowerInvariant() switch
            {
                "online" => DossierChannel.Online,
                "counter" => DossierChannel.Counter,
                "post" => DossierChannel.Post,
                _ => null,
            };
            if (channel is null) errors.Add($"Kênh nộp (channel) '{channelText}' không hợp lệ: dùng online, counter hoặc post.");
        }

        ApplicantType? applicant = null;
        if (root.TryGetProperty("applicant", out var app) && app.ValueKind != JsonValueKind.Null)
        {
            if (app.ValueKind != JsonValueKind.Object) errors.Add("Người nộp (applicant) phải là đối tượng {\"type\": \"individual\" | \"organization\"}.");
            else
            {
                var type = String(app, "type", "Loại người nộp (applicant.type)", errors, 32);
                if (type is not null)
                {
                    applicant = type.Trim().ToLowerInvariant() switch
                    {
                        "individual" => ApplicantType.Individual,
                        "organization" => ApplicantType.Organization,
                        _ => null,
                    };
                    if (applicant is null) errors.Add($"Loại người nộp (applicant.type) '{type}' không hợp lệ: dùng individual hoặc organization.");
                }
            }
        }

        var documents = new List<string>();
        if (root.TryGetProperty("documents", out var docs) && docs.ValueKind != JsonValueKind.Null)
        {
            if (docs.ValueKind != JsonValueKind.Array) errors.Add("Danh sách giấy tờ (documents) phải là một mảng chuỗi.");
            else if (docs.GetArrayLength() > MaxDocuments)
                errors.Add($"Danh sách giấy tờ có {docs.GetArrayLength()} mục, tối đa {MaxDocuments}; hãy gộp hoặc kiểm tra lại.");
            else
            {
                int i = 0;
                foreach (var d in docs.EnumerateArray())
                {
                    i++;
                    if (d.ValueKind != JsonValueKind.String) { errors.Add($"Giấy tờ thứ {i} (documents) phải là chuỗi."); continue; }
                    var s = Clean(d.GetString());
                    if (s.Length == 0) continue;
                    if (s.Length > MaxDocumentChars) { errors.Add($"Tên giấy tờ thứ {i} quá dài ({s.Length} ký tự, tối đa {MaxDocumentChars})."); continue; }
                    documents.Add(s);
                }
            }
        }

        string? oldCommune = null, oldDistrict = null, newUnit = null, address = null;
        if (root.TryGetProperty("parcel", out var parcel) && parcel.ValueKind != JsonValueKind.Null)
        {
            if (parcel.ValueKind != JsonValueKind.Object) errors.Add("Thông tin thửa đất (parcel) phải là một đối tượng.");
            else
            {
                oldCommune = String(parcel, "oldCommune", "Xã/phường cũ (parcel.oldCommune)", errors, MaxFieldChars);
                oldDistrict = String(parcel, "oldDistrict", "Quận/huyện cũ (parcel.oldDistrict)", errors, MaxFieldChars);
                newUnit = String(parcel, "newUnit", "Xã/phường mới (parcel.newUnit)", errors, MaxFieldChars);
                address = String(parcel, "address", "Địa chỉ thửa đất (parcel.address)", errors, 1000);
            }
        }
        var projectCode = String(root, "projectCode", "Mã dự án (projectCode)", errors, 64);

        var pauses = new List<DossierPause>();
        if (root.TryGetProperty("pauses", out var ps) && ps.ValueKind != JsonValueKind.Null)
        {
            if (ps.ValueKind != JsonValueKind.Array || ps.GetArrayLength() > MaxPauses)
                errors.Add($"Các lần tạm dừng (pauses) phải là mảng tối đa {MaxPauses} phần tử {{\"from\":\"yyyy-MM-dd\",\"to\":\"yyyy-MM-dd\"}}.");
            else
            {
                foreach (var p in ps.EnumerateArray())
                {
                    if (p.ValueKind == JsonValueKind.Object
                        && p.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.String
                        && p.TryGetProperty("to", out var t) && t.ValueKind == JsonValueKind.String
                        && DateOnly.TryParseExact(f.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                        && DateOnly.TryParseExact(t.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
                        && from <= to)
                        pauses.Add(new DossierPause(from, to));
                    else
                        errors.Add("Mỗi lần tạm dừng (pauses) cần \"from\" và \"to\" dạng yyyy-MM-dd, from không sau to.");
                }
            }
        }

        if (errors.Count > 0) return new DossierParseResult(null, errors);
        var dossierId = string.IsNullOrWhiteSpace(id) ? "HS-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant() : id.Trim();
        return new DossierParseResult(new DossierRequest(
            dossierId, receivedAt, assumed, channel, applicant, description!.Trim(), documents,
            new ParcelInfo(Blank(oldCommune), Blank(oldDistrict), Blank(newUnit), Blank(address)), Blank(projectCode), pauses), []);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Clean(string? s) => VietnameseText.Nfc(new string((s ?? "").Where(c => !char.IsControl(c) || c == ' ').ToArray())).Trim();

    /// <summary>Reads an optional string property; a non-string value or a too-long one is an error.</summary>
    private static string? String(JsonElement obj, string name, string label, List<string> errors, int maxChars)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) { errors.Add($"{label} phải là chuỗi."); return null; }
        var s = v.GetString() ?? "";
        if (s.Length > maxChars)
        {
            errors.Add($"{label} quá dài ({s.Length:N0} ký tự, tối đa {maxChars:N0}).");
            return null;
        }
        return Clean(s);
    }

    /// <summary>ISO 8601 date-time WITH an offset (Z or ±hh:mm); a bare date or a local time is refused.</summary>
    public static bool TryParseInstant(string text, out DateTimeOffset value)
    {
        value = default;
        text = text.Trim();
        if (text.Length < 20 || text[10] != 'T') return false;
        bool hasOffset = text.EndsWith('Z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d{2}:\d{2}$");
        if (!hasOffset) return false;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
