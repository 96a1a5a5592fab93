using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Assistant.Access;
using Assistant.Land.Procedures;
using Assistant.Land.Calendar;
using Assistant.Triage.Classification;
using Assistant.Triage.Documents;
using Assistant.Triage.Model;
using Assistant.Land.Priority;
using Assistant.Triage.Routing;
using Assistant.Triage.Protection;
using Assistant.Triage.Storage;
using Assistant.Triage.Telemetry;
using Assistant.Vietnamese;

namespace Assistant.Triage;

/// <summary>The outcome of submitting a dossier.</summary>
public enum SubmitStatus { Created, AlreadyStored, Invalid, Conflict }

public sealed record SubmitOutcome(SubmitStatus Status, TriageResult? Result, string? ResultJson, IReadOnlyList<string> Errors);

/// <summary>One row of GET /api/queue.</summary>
public sealed record QueueItem(
    string Id,
    string ReceivedAt,
    string? ProcedureCode,
    string? ProcedureName,
    string? DueDate,
    bool DueDateIsRangeMax,
    int? WorkingDaysLeft,
    bool IsPriority,
    string? Project,
    bool Overdue,
    bool AtRisk,
    bool NeedsReview,
    IReadOnlyList<string> UnitCodes,
    IReadOnlyList<string> UnitNames,
    bool Complete,
    string? OverrideProcedureCode,
    string? OverrideUnitCode,
    string? OverrideOfficer);

/// <summary>
/// Triage of one dossier: procedure (ML.NET blended with the rule matcher), completeness, due date, routing, priority;
/// then stored in SQLite. Also the queue and officer overrides.
/// </summary>
public sealed class TriageService
{
    public const string ReviewReasonLowConfidence = "cần cán bộ xem xét";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    // "Trong ngày làm việc." opens the processing time of a same-day procedure. Read as a folded prefix of that text:
    // punctuation ignored, and the last syllable may run on.
    private static readonly PhraseList SameWorkingDay =
        new(["trong ngày làm việc"], MatchMode.Folded, SyllableOptions.NoBreaks, PhraseEnd.SyllablePrefix);

    private readonly ProcedureCatalog _catalog;
    private readonly ProcedureMatcher _matcher;
    private readonly Lazy<ProcedureClassifier> _classifier;
    private readonly DocumentChecker _documents;
    private readonly WorkingCalendar _calendar;
    private readonly DossierRouter _router;
    private readonly IPriorityProjectSource _priority;
    private readonly TriageStore _store;
    private readonly TriageOptions _options;
    private readonly TimeProvider _time;

    public TriageService(
        ProcedureCatalog catalog, ProcedureMatcher matcher, Lazy<ProcedureClassifier> classifier, DocumentChecker documents,
        WorkingCalendar calendar, DossierRouter router, IPriorityProjectSource priority, TriageStore store, TriageOptions options, TimeProvider time)
    {
        _catalog = catalog;
        _matcher = matcher;
        _classifier = classifier;
        _documents = documents;
        _calendar = calendar;
        _router = router;
        _priority = priority;
        _store = store;
        _options = options;
        _time = time;
    }

    public TriageStore Store => _store;

    public WorkingCalendar Calendar => _calendar;

    public string ModelVersion => _classifier.Value.Version;

    /// <summary>The service's clock (tests set it).</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Parses, triages and stores a dossier (one transaction). Invalid input stores nothing.</summary>
    public SubmitOutcome Submit(ReadOnlySpan<byte> body)
    {
        using var span = TriageTelemetry.Source.StartActivity("triage.submit");
        try
        {
            var outcome = SubmitCore(body, span);
            var status = outcome.Status switch
            {
                SubmitStatus.Created => "created",
                SubmitStatus.AlreadyStored => "already_stored",
                SubmitStatus.Invalid => "invalid",
                _ => "conflict",
            };
            TriageTelemetry.CountRequest(TriageTelemetry.FromApi, status);
            span?.SetTag("assistant.triage.outcome", status);
            return outcome;
        }
        catch (Exception e)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            TriageTelemetry.CountRequest(TriageTelemetry.FromApi, "error");
            TriageTelemetry.CountError("triage", e.GetType().Name);
            throw;
        }
    }

    private SubmitOutcome SubmitCore(ReadOnlySpan<byte> body, System.Diagnostics.Activity? span)
    {
        var now = _time.GetUtcNow();
        var parsed = DossierRequestParser.Parse(body, now);
        if (!parsed.IsValid) return new SubmitOutcome(SubmitStatus.Invalid, null, null, parsed.Errors);
        // The dossier's id is the office's own reference (for instance "HS-2026-0001"), not a person's.
        span?.SetTag("assistant.dossier.id", parsed.Dossier!.Id);
        var request = parsed.Dossier!;
        var result = Triage(request);
        // Stored: the request without the description's identifiers (StoredRequest), encrypted; the ID numbers only as keyed hashes.
        var (minimised, idNumbers) = StoredRequest.Minimise(request);
        var requestJson = JsonSerializer.Serialize(minimised, Json);
        var resultJson = JsonSerializer.Serialize(result, Json);
        var hash = InputsHash(request);
        var (outcome, stored) = _store.Save(request, hash, requestJson, result, resultJson, now, idNumbers);
        return outcome switch
        {
            SaveOutcome.Inserted => new SubmitOutcome(SubmitStatus.Created, result, resultJson, []),
            SaveOutcome.Unchanged => new SubmitOutcome(SubmitStatus.AlreadyStored, JsonSerializer.Deserialize<TriageResult>(stored!, Json), stored, []),
            _ => new SubmitOutcome(SubmitStatus.Conflict, null, null,
                [$"Hồ sơ mã {request.Id} đã được tiếp nhận với nội dung khác; dùng mã hồ sơ mới hoặc ghi đè phân loại qua /api/triage/{request.Id}/override."]),
        };
    }

    /// <summary>Hash of the inputs that decide the triage (receipt time assumed by the server excluded).</summary>
    public static string InputsHash(DossierRequest r)
    {
        var canonical = JsonSerializer.Serialize(r with { ReceivedAt = r.ReceivedAtAssumed ? default : r.ReceivedAt }, Json);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant();
    }

    /// <summary>Classifies a text + papers: blended scores, best first.</summary>
    public IReadOnlyList<ClassScore> Classify(string description, IReadOnlyList<string> documents)
    {
        var ml = _classifier.Value.Predict(description, documents);
        var rules = _matcher.Rank(description, _catalog.Count);
        return ProcedureBlender.Blend(ml, rules, _options.RuleWeight);
    }

    /// <summary>The triage of a valid dossier (not stored).</summary>
    public TriageResult Triage(DossierRequest request)
    {
        using var span = TriageTelemetry.Source.StartActivity("triage.classify");
        var result = TriageCore(request);
        if (span is not null)
        {
            span.SetTag("assistant.procedure.code", result.ProcedureCode);
            span.SetTag("assistant.triage.confidence", result.Confidence);
            span.SetTag("assistant.triage.complete", result.Complete);
            span.SetTag("assistant.triage.missing_documents", result.MissingDocuments.Count);
            span.SetTag("assistant.triage.needs_review", result.NeedsReview);
            span.SetTag("assistant.triage.priority", result.Priority.IsPriority);
            span.SetTag("assistant.unit.code", string.Join(",", result.RouteTo.Candidates.Select(c => c.UnitCode)));
            span.SetTag("assistant.triage.model", result.ModelVersion);
        }
        return result;
    }

    private TriageResult TriageCore(DossierRequest request)
    {
        var reasons = new List<string>();
        var notes = new List<string>();
        var scores = ProcedureBlender.ApplyApplicant(Classify(request.Description, request.Documents), request.Applicant);
        var best = scores[0];
        var procedure = _catalog.Find(best.ProcedureCode);
        var alternatives = scores.Skip(1).Take(3).Select(s => new ProcedureAlternative(s.ProcedureCode, Math.Round(s.Probability, 3))).ToList();
        if (best.Probability < _options.ReviewThreshold)
            reasons.Add(ReviewReasonLowConfidence);
        if (request.ReceivedAtAssumed)
            notes.Add("Hồ sơ không ghi thời điểm tiếp nhận (receivedAt); đã lấy thời điểm hệ thống nhận được.");

        CompletenessResult completeness = procedure is null ? new CompletenessResult([], request.Documents, []) : _documents.Check(procedure, request.Documents);

        // The limit and its basis come from time-limits.tsv (per procedure and case); the "*" row keeps the catalogue's figure.
        var limit = procedure is null ? null : _catalog.TimeLimits.For(procedure.Code, request.Description);
        int? days = null, calendarDays = null;
        (int Min, int Max)? range = null;
        string? due = null, earliest = null;
        bool isRangeMax = false;
        var receivedDate = WorkingCalendar.VietnamDate(request.ReceivedAt);
        if (procedure is not null && limit is not null)
        {
            switch (limit.Unit)
            {
                case TimeLimitUnit.WorkingDays:
                    days = limit.Limit;
                    break;
                case TimeLimitUnit.SameDay:
                    // A full dossier received after the cut-off hour (Vietnam time) is due the next working day.
                    var local = WorkingCalendar.VietnamTime(request.ReceivedAt);
                    days = limit.CutOff is { } cut && TimeOnly.FromTimeSpan(local.TimeOfDay) > cut && _calendar.IsWorkingDay(receivedDate) ? 1 : 0;
                    break;
                case TimeLimitUnit.CalendarDays:
                    calendarDays = limit.Limit;
                    break;
                default:
                    days = procedure.WorkingDays;
                    range = procedure.WorkingDaysRange;
                    // "Trong ngày làm việc." (registration of security interests): due the same working day.
                    if (days is null && range is null
                        && procedure.ProcessingTime.Count > 0 && SameWorkingDay.StartsWithAny(SameWorkingDay.Read(procedure.ProcessingTime[0])))
                        days = 0;
                    break;
            }
        }
        if (procedure is not null)
        {
            if (days is int d)
            {
                var r = _calendar.DueDate(request.ReceivedAt, d, request.Pauses);
                due = r.Due.ToString("yyyy-MM-dd");
                notes.AddRange(r.Warnings.Where(w => !notes.Contains(w)));
            }
            else if (calendarDays is int cd)
            {
                due = CalendarDaysDue(receivedDate, cd, request.Pauses).ToString("yyyy-MM-dd");
            }
            else if (range is { } rg)
            {
                var max = _calendar.DueDate(request.ReceivedAt, rg.Max, request.Pauses);
                var min = _calendar.DueDate(request.ReceivedAt, rg.Min, request.Pauses);
                due = max.Due.ToString("yyyy-MM-dd");
                earliest = min.Due.ToString("yyyy-MM-dd");
                isRangeMax = true;
                notes.AddRange(max.Warnings.Where(w => !notes.Contains(w)));
            }
            else
            {
                reasons.Add($"Thời hạn giải quyết tùy trường hợp ({string.Join(" ", procedure.ProcessingTime)}); cán bộ xác định hạn trả kết quả.");
            }
        }
        var basis = procedure is null ? null : (limit?.Basis ?? _catalog.TimeLimits.BasisOf(procedure.Code));
        // A note, not a review reason: the figure is still the only one published and the officer has nothing to decide
        // until the city issues its own; flagging every dossier would drown the reviews that need a decision.
        if (basis is not null && basis.IsExpiredOn(receivedDate))
            notes.Add(ExpiredBasisNote(basis));

        var routing = _router.Route(request.Parcel, procedure);
        reasons.AddRange(routing.ReviewReasons);
        // The registry as it stood when the dossier was received: a project added later, or closed before, does not count.
        var priority = _priority.Detect(request.ProjectCode, request.Description, request.ReceivedAt);

        return new TriageResult(
            request.Id,
            procedure?.Code,
            procedure?.Name,
            Math.Round(best.Probability, 3),
            alternatives,
            completeness.Complete,
            completeness.Missing,
            completeness.Extra,
            days,
            range is { } x ? [x.Min, x.Max] : null,
            due,
            earliest,
            isRangeMax,
            procedure?.ProcessingTime ?? [],
            routing.Route,
            priority,
            reasons.Count > 0,
            reasons,
            notes,
            _classifier.Value.Version,
            request.ReceivedAt.ToString("yyyy-MM-ddTHH:mm:sszzz"),
            calendarDays,
            basis is null ? null : BasisText(basis));
    }

    /// <summary>"theo Nghị định 151/2025/NĐ-CP, phần thời hạn đã hết hiệu lực từ 31/01/2026; chờ quyết định của UBND TP Hà Nội".</summary>
    public static string ExpiredBasisNote(TimeLimitBasis basis) =>
        $"Thời hạn theo {basis.Instrument} ({basis.Article}), phần thời hạn đã hết hiệu lực từ {basis.ValidTo!.Value.AddDays(1):dd/MM/yyyy} "
        + $"({basis.EndedBy}); chờ quyết định của UBND TP Hà Nội.";

    private static string BasisText(TimeLimitBasis basis) =>
        $"{basis.Instrument}, {basis.Article}; hiệu lực {basis.ValidFrom:dd/MM/yyyy}–{(basis.ValidTo is { } to ? to.ToString("dd/MM/yyyy") : "nay")}"
        + (basis.Confirmed ? "" : " (chưa đối chiếu)");

    /// <summary>
    /// Calendar days from the day after receipt; days inside a pause extend it; a period ending on a day off ends on the
    /// next working day (Civil Code 2015, Art. 148(5)).
    /// </summary>
    private DateOnly CalendarDaysDue(DateOnly received, int calendarDays, IReadOnlyList<DossierPause>? pauses)
    {
        var paused = pauses?.Sum(p => Math.Max(0, p.To.DayNumber - Math.Max(p.From.DayNumber, received.DayNumber + 1) + 1)) ?? 0;
        var due = received.AddDays(calendarDays + paused);
        while (!_calendar.IsWorkingDay(due)) due = due.AddDays(1);
        return due;
    }

    /// <summary>
    /// The queue of the units in <paramref name="units"/> (applied in the store query): priority first, then due date;
    /// overdue and at-risk computed for today (Vietnam time).
    /// </summary>
    public IReadOnlyList<QueueItem> Queue(UnitScope units)
    {
        var today = WorkingCalendar.VietnamDate(_time.GetUtcNow());
        var items = new List<QueueItem>();
        foreach (var d in _store.List(units))
        {
            var r = JsonSerializer.Deserialize<TriageResult>(d.ResultJson, Json)!;
            int? left = null;
            bool overdue = false, atRisk = false;
            if (DateOnly.TryParseExact(d.DueDate, "yyyy-MM-dd", out var due))
            {
                left = _calendar.WorkingDaysBetween(today, due);
                overdue = today > due;
                atRisk = !overdue && left <= _options.AtRiskWorkingDays;
            }
            var code = d.OverrideProcedureCode ?? r.ProcedureCode;
            items.Add(new QueueItem(
                d.Id, r.ReceivedAt, code, code is null ? null : _catalog.Find(code)?.Name, d.DueDate, r.DueDateIsRangeMax, left,
                d.IsPriority, r.Priority.Project, overdue, atRisk, d.NeedsReview && d.OverrideProcedureCode is null,
                d.OverrideUnitCode is not null ? [d.OverrideUnitCode] : r.RouteTo.Candidates.Select(c => c.UnitCode).ToList(),
                r.RouteTo.Candidates.Select(c => c.UnitName).ToList(),
                r.Complete, d.OverrideProcedureCode, d.OverrideUnitCode, d.OverrideOfficer));
        }
        return items
            .OrderByDescending(i => i.IsPriority)
            .ThenBy(i => i.DueDate is null ? 1 : 0)
            .ThenBy(i => i.DueDate, StringComparer.Ordinal)
            .ThenBy(i => i.ReceivedAt, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Validates and records an override by <paramref name="officer"/>, the verified subject of the caller (an "officer"
    /// field in the body is ignored: nobody records a correction in someone else's name). Returns Vietnamese errors, or
    /// none when stored; NotFound when the dossier is unknown.
    /// </summary>
    public (bool NotFound, IReadOnlyList<string> Errors) Override(string id, ReadOnlySpan<byte> body, string officer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(officer);
        var errors = new List<string>();
        string? code = null, unit = null;
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) errors.Add("Nội dung phải là đối tượng JSON {procedureCode?, unitCode?}.");
            else
            {
                code = Str(root, "procedureCode", "Mã thủ tục (procedureCode)", errors);
                unit = Str(root, "unitCode", "Mã xã/phường mới (unitCode)", errors);
            }
        }
        catch (JsonException)
        {
            errors.Add("Nội dung không phải JSON hợp lệ.");
        }
        if (errors.Count == 0)
        {
            if (code is null && unit is null) errors.Add("Cần ít nhất một trong hai: mã thủ tục (procedureCode) hoặc mã xã/phường mới (unitCode).");
            if (code is not null && !_catalog.Contains(code)) errors.Add($"Mã thủ tục '{code}' không có trong danh mục.");
            if (unit is not null && _router.Registry.FindNewByCode(unit) is null)
                errors.Add($"Mã xã/phường mới '{unit}' không có trong danh mục 126 đơn vị (mã 5 chữ số).");
        }
        if (errors.Count > 0) return (false, errors);
        var ok = _store.AddOverride(new TriageOverride(id, code, unit, officer, _time.GetUtcNow()));
        return ok ? (false, []) : (true, [$"Không tìm thấy hồ sơ mã {id}."]);
    }

    private static string? Str(JsonElement obj, string name, string label, List<string> errors)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String || (v.GetString() ?? "").Length > 200) { errors.Add($"{label} phải là chuỗi ngắn."); return null; }
        var s = v.GetString()!.Trim();
        return s.Length == 0 ? null : s;
    }
}
