using System.Globalization;
using Assistant.Vietnamese;

namespace Assistant.Land.Procedures;

/// <summary>How a time limit counts.</summary>
public enum TimeLimitUnit
{
    /// <summary>Working days of the calendar (weekends and holidays not counted).</summary>
    WorkingDays,

    /// <summary>Calendar days ("30 ngày" in a law): every day counts.</summary>
    CalendarDays,

    /// <summary>Within the working day of receipt; a full dossier received after the cut-off hour goes to the next working day.</summary>
    SameDay,

    /// <summary>The catalogue's own processing time (the default row for procedures without a row of their own).</summary>
    Catalogue,
}

/// <summary>The legal instrument a time limit rests on and the window in which it is in force.</summary>
/// <param name="ValidTo">The last day the basis is in force; null while it is.</param>
/// <param name="EndedBy">The instrument (and article) that ended it; null while in force.</param>
/// <param name="Confirmed">False where the team has not checked the figure against the instrument itself.</param>
public sealed record TimeLimitBasis(
    string Instrument,
    string Article,
    DateOnly? Issued,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    string? EndedBy,
    bool Confirmed,
    string Status)
{
    /// <summary>True when <paramref name="date"/> (a Vietnam date) falls after the basis stopped being in force.</summary>
    public bool IsExpiredOn(DateOnly date) => ValidTo is { } to && date > to;
}

/// <summary>One row of time-limits.tsv: the limit of a procedure (or one of its cases) with its basis.</summary>
/// <param name="Code">The procedure code, or <see cref="ProcedureTimeLimits.DefaultCode"/> for the default row.</param>
/// <param name="Case">The case's id ("chuyen-quyen"), or null for the procedure's only/default case.</param>
/// <param name="Cues">Phrases of the dossier's description that select the case; empty for the uncued row.</param>
/// <param name="Limit">The number of days; 0 for same-day; null for <see cref="TimeLimitUnit.Catalogue"/>.</param>
/// <param name="CutOff">Same-day rules: a full dossier received after this hour (Vietnam time) is due the next working day.</param>
public sealed record ProcedureTimeLimit(
    string Code,
    string? Case,
    IReadOnlyList<string> Cues,
    int? Limit,
    TimeLimitUnit Unit,
    TimeOnly? CutOff,
    TimeLimitBasis Basis);

/// <summary>
/// The time limits of data/procedures/time-limits.tsv: per procedure (and case, chosen by phrases of the description),
/// the limit, how it counts, and the legal basis with its window. Procedures without a row use the "*" row (the
/// catalogue's figure and its basis).
/// </summary>
public sealed class ProcedureTimeLimits
{
    public const string DefaultCode = "*";

    private readonly List<(ProcedureTimeLimit Limit, PhraseList? Cues)> _rows;

    private ProcedureTimeLimits(List<(ProcedureTimeLimit, PhraseList?)> rows) => _rows = rows;

    public IEnumerable<ProcedureTimeLimit> All => _rows.Select(r => r.Limit);

    /// <summary>The default row (procedures with no row of their own).</summary>
    public ProcedureTimeLimit Default => _rows.First(r => r.Limit.Code == DefaultCode).Limit;

    /// <summary>
    /// The limit for a procedure and a dossier description: the first cued row of the code whose phrases occur in the
    /// description, else the code's uncued row, else the default row. Null when the code has only cued rows and
    /// none matches (the case is not decided by the description).
    /// </summary>
    public ProcedureTimeLimit? For(string code, string description)
    {
        var tokens = ProcedureText.Syllables(description);
        var own = _rows.Where(r => r.Limit.Code == code).ToList();
        var cued = own.FirstOrDefault(r => r.Cues is not null && r.Cues.ContainsAny(tokens));
        if (cued.Limit is not null) return cued.Limit;
        var plain = own.FirstOrDefault(r => r.Cues is null);
        if (plain.Limit is not null) return plain.Limit;
        return own.Count == 0 ? Default : null;
    }

    /// <summary>The basis that a reply quoting the procedure's time rests on (the code's first row, else the default).</summary>
    public TimeLimitBasis BasisOf(string code) =>
        (_rows.FirstOrDefault(r => r.Limit.Code == code).Limit ?? Default).Basis;

    internal static ProcedureTimeLimits Load(string path, IReadOnlySet<string> codes)
    {
        var rows = new List<(ProcedureTimeLimit, PhraseList?)>();
        foreach (var (n, cols) in ProcedureText.Rows(path))
        {
            string Where() => $"Tệp '{path}', dòng {n}";
            if (cols.Length != 14 || cols.Any(c => c.Length == 0))
                throw new ProcedureDataException($"{Where()}: cần 14 cột cách nhau bằng TAB (mã, trường hợp, cụm từ, thời hạn, đơn vị, giờ chốt, văn bản, điều khoản, ngày ban hành, hiệu lực từ, hiệu lực đến, văn bản chấm dứt, đã đối chiếu, ghi chú).");
            var code = cols[0];
            if (code != DefaultCode && !codes.Contains(code))
                throw new ProcedureDataException($"{Where()}: mã '{code}' không có trong danh mục thủ tục.");
            var unit = cols[4] switch
            {
                "working-days" => TimeLimitUnit.WorkingDays,
                "calendar-days" => TimeLimitUnit.CalendarDays,
                "same-day" => TimeLimitUnit.SameDay,
                "catalogue" => TimeLimitUnit.Catalogue,
                _ => throw new ProcedureDataException($"{Where()}: đơn vị '{cols[4]}' không hợp lệ (working-days, calendar-days, same-day, catalogue)."),
            };
            int? limit = null;
            if (unit != TimeLimitUnit.Catalogue)
            {
                if (!int.TryParse(cols[3], NumberStyles.None, CultureInfo.InvariantCulture, out var l) || (l == 0) != (unit == TimeLimitUnit.SameDay))
                    throw new ProcedureDataException($"{Where()}: thời hạn '{cols[3]}' không hợp lệ cho đơn vị {cols[4]} (same-day: 0; còn lại: số ngày dương).");
                limit = l;
            }
            else if (cols[3] != "-")
                throw new ProcedureDataException($"{Where()}: đơn vị catalogue lấy thời hạn từ danh mục, cột thời hạn phải là '-'.");
            TimeOnly? cutOff = null;
            if (cols[5] != "-")
            {
                if (unit != TimeLimitUnit.SameDay || !TimeOnly.TryParseExact(cols[5], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var c))
                    throw new ProcedureDataException($"{Where()}: giờ chốt '{cols[5]}' chỉ dùng cho same-day, dạng HH:mm.");
                cutOff = c;
            }
            var issued = cols[8] == "-" ? (DateOnly?)null : Date(cols[8], Where());
            var from = Date(cols[9], Where());
            var to = cols[10] == "-" ? (DateOnly?)null : Date(cols[10], Where());
            if (to is { } t && t < from)
                throw new ProcedureDataException($"{Where()}: hiệu lực đến {t:yyyy-MM-dd} trước hiệu lực từ {from:yyyy-MM-dd}.");
            var endedBy = cols[11] == "-" ? null : cols[11];
            if ((to is null) != (endedBy is null))
                throw new ProcedureDataException($"{Where()}: căn cứ hết hiệu lực phải ghi cả ngày hết hiệu lực và văn bản chấm dứt.");
            if (cols[12] is not ("yes" or "no"))
                throw new ProcedureDataException($"{Where()}: cột đã đối chiếu phải là yes hoặc no.");
            IReadOnlyList<string> cues = cols[2] == "-" ? [] : TsvReader.SplitList(cols[2]);
            if (code == DefaultCode && (cues.Count > 0 || unit != TimeLimitUnit.Catalogue))
                throw new ProcedureDataException($"{Where()}: dòng mặc định '*' không có cụm từ nhận biết và dùng đơn vị catalogue.");
            if (rows.Any(r => r.Item1.Code == code && r.Item1.Cues.Count == 0) && cues.Count == 0)
                throw new ProcedureDataException($"{Where()}: mã '{code}' đã có một dòng không có cụm từ nhận biết.");
            var basis = new TimeLimitBasis(cols[6], cols[7], issued, from, to, endedBy, cols[12] == "yes", cols[13]);
            rows.Add((new ProcedureTimeLimit(code, cols[1] == "-" ? null : cols[1], cues, limit, unit, cutOff, basis),
                cues.Count == 0 ? null : new PhraseList(cues, PhraseVocabulary.Mode, ProcedureText.Reading)));
        }
        if (!rows.Any(r => r.Item1.Code == DefaultCode))
            throw new ProcedureDataException($"Tệp '{path}' thiếu dòng mặc định '*'.");
        return new ProcedureTimeLimits(rows);
    }

    private static DateOnly Date(string text, string where) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new ProcedureDataException($"{where}: ngày '{text}' không đúng dạng yyyy-MM-dd.");
}
