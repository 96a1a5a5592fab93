using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Assistant.Land.AdminUnits;
using Assistant.Land.Calendar;
using Assistant.Land.Priority;
using Assistant.Triage.Storage;
using Microsoft.Data.Sqlite;

namespace Assistant.Triage.Priority;

/// <summary>What a version records: the seed from the bundled file, or an officer's create / change / close.</summary>
public static class PriorityProjectChanges
{
    public const string Seed = "seed";
    public const string Create = "create";
    public const string Change = "change";
    public const string Close = "close";
}

/// <summary>
/// One version of one project. <see cref="ValidFrom"/> is when it took effect for triage: the time it was recorded, or
/// for a seeded project the first day of its window (the file states a past fact, which the registry keeps).
/// </summary>
public sealed record PriorityProjectVersion(
    long Seq, string Code, int Version, DateTimeOffset ValidFrom, DateTimeOffset RecordedAt, string Change, string Actor, PriorityProject Project);

/// <summary>What an officer sends to create or change a project (status is not an input: create opens, close closes).</summary>
public sealed record PriorityProjectInput(
    string? Code,
    string? Name,
    IReadOnlyList<string>? Aliases,
    IReadOnlyList<string>? OldUnits,
    string? LegalBasisInstrument,
    string? LegalBasisDate,
    string? EffectiveFrom,
    string? EffectiveTo,
    bool Verified,
    string? Note,
    string? Source);

/// <summary>Outcome of a write: the new version, or Vietnamese errors (and whether the project was missing).</summary>
public sealed record PriorityProjectWrite(PriorityProjectVersion? Version, IReadOnlyList<string> Errors, bool NotFound = false)
{
    public bool Ok => Version is not null;
}

/// <summary>
/// The priority-project registry officers keep: an append-only SQLite file (Triage:PriorityProjectsDatabasePath) of
/// project versions. Every create, change and close inserts a new version; nothing is updated or deleted (triggers refuse
/// it), so the registry can be read as it stood at any time (<see cref="RegistryAt"/>), and triage decides a dossier's
/// priority with the versions in force when it was received. Seeded from the bundled JSON when the file is new.
/// Its own file, not a migration of the triage store: reference data, no personal data, so it sits outside the dossier
/// keys, retention and erasure of that store and can be copied or inspected on its own.
/// </summary>
public sealed class PriorityProjectStore : IPriorityProjectSource
{
    public const int MaxNameChars = 300;
    public const int MaxListItems = 100;
    public const int MaxTextChars = 2000;

    private static readonly (int Version, string Name, string Sql)[] Migrations =
    [
        (1, "project versions, append-only", """
            CREATE TABLE project_versions (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              code TEXT NOT NULL,
              code_key TEXT NOT NULL,
              version INTEGER NOT NULL,
              valid_from TEXT NOT NULL,
              recorded_at TEXT NOT NULL,
              change TEXT NOT NULL,
              actor TEXT NOT NULL,
              project_json TEXT NOT NULL,
              UNIQUE (code_key, version)
            );
            CREATE TRIGGER project_versions_no_update BEFORE UPDATE ON project_versions
              BEGIN SELECT RAISE(ABORT, 'project_versions is append-only'); END;
            CREATE TRIGGER project_versions_no_delete BEFORE DELETE ON project_versions
              BEGIN SELECT RAISE(ABORT, 'project_versions is append-only'); END;
            """),
    ];

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly AdminUnitRegistry _units;
    private readonly Lock _gate = new();
    // Replaced whole on each write (never mutated), so readers take it without the lock.
    private volatile List<PriorityProjectVersion> _versions;
    private readonly ConcurrentDictionary<string, PriorityProjectRegistry> _registries = new(StringComparer.Ordinal);

    public PriorityProjectStore(string path, TimeProvider time, AdminUnitRegistry units, PriorityProjectRegistry seed)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(seed);
        _time = time;
        _units = units;
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        Migrate();
        _versions = ReadAll();
        if (_versions.Count == 0) SeedFrom(seed);
    }

    /// <summary>The latest version of every project (closed ones included), in the order they were first recorded.</summary>
    public IReadOnlyList<PriorityProjectVersion> Current()
    {
        var all = _versions;
        return all.GroupBy(v => Key(v.Code)).Select(g => g.Last()).OrderBy(v => all.First(f => Key(f.Code) == Key(v.Code)).Seq).ToList();
    }

    /// <summary>Every version of <paramref name="code"/>, oldest first; empty when unknown.</summary>
    public IReadOnlyList<PriorityProjectVersion> History(string code) =>
        _versions.Where(v => Key(v.Code) == Key(code)).ToList();

    /// <summary>The registry as it stood at <paramref name="at"/>: each project's latest version with ValidFrom ≤ at.</summary>
    public PriorityProjectRegistry RegistryAt(DateTimeOffset at)
    {
        var snapshot = _versions.Where(v => v.ValidFrom <= at).GroupBy(v => Key(v.Code)).Select(g => g.Last()).OrderBy(v => v.Seq).ToList();
        var key = string.Join(',', snapshot.Select(v => v.Seq.ToString(CultureInfo.InvariantCulture)));
        return _registries.GetOrAdd(key, _ => new PriorityProjectRegistry(snapshot.Select(v => v.Project)));
    }

    /// <summary>Priority of a dossier received at <paramref name="receivedAt"/>, with the registry as it stood then.</summary>
    /// When the dossier names a project recorded only later, it is not a priority and the reason says so.
    public PriorityInfo Detect(string? projectCode, string description, DateTimeOffset receivedAt)
    {
        var then = RegistryAt(receivedAt);
        var info = then.Detect(projectCode, description, receivedAt);
        if (info.IsPriority || then.Detect(projectCode, description).IsPriority) return info;
        var later = RegistryAt(DateTimeOffset.MaxValue).Detect(projectCode, description);
        return later.IsPriority
            ? new PriorityInfo(false, null,
                $"Dự án {later.Project} chưa có trong sổ dự án trọng điểm vào ngày nhận hồ sơ {WorkingCalendar.VietnamDate(receivedAt):dd/MM/yyyy} (được thêm sau).")
            : info;
    }

    public PriorityProjectWrite Create(PriorityProjectInput input, string actor)
    {
        ArgumentNullException.ThrowIfNull(input);
        lock (_gate)
        {
            var errors = Validate(input, out var project);
            if (project is not null && Latest(project.Code) is not null)
                errors.Add($"Mã dự án {project.Code} đã có trong sổ; dùng mã khác hoặc sửa dự án đó.");
            if (errors.Count > 0) return new PriorityProjectWrite(null, errors);
            return new PriorityProjectWrite(Append(project!, PriorityProjectChanges.Create, actor), []);
        }
    }

    public PriorityProjectWrite Change(string code, PriorityProjectInput input, string actor)
    {
        ArgumentNullException.ThrowIfNull(input);
        lock (_gate)
        {
            if (Latest(code) is not { } latest) return NotFound(code);
            if (latest.Project.Status == PriorityProjectStatus.Closed)
                return new PriorityProjectWrite(null, [$"Dự án {latest.Code} đã đóng; không sửa được dự án đã đóng."]);
            var errors = Validate(input with { Code = latest.Code }, out var project);
            if (input.Code is { Length: > 0 } sent && Key(sent) != Key(latest.Code))
                errors.Add("Không đổi được mã dự án; mã trong nội dung phải trùng mã trên đường dẫn.");
            if (errors.Count > 0) return new PriorityProjectWrite(null, errors);
            return new PriorityProjectWrite(Append(project!, PriorityProjectChanges.Change, actor), []);
        }
    }

    /// <summary>Closes <paramref name="code"/>: a new version with status closed and, when given, the last day of its window.</summary>
    public PriorityProjectWrite Close(string code, string? effectiveTo, string? note, string actor)
    {
        lock (_gate)
        {
            if (Latest(code) is not { } latest) return NotFound(code);
            if (latest.Project.Status == PriorityProjectStatus.Closed)
                return new PriorityProjectWrite(null, [$"Dự án {latest.Code} đã đóng từ trước."]);
            var errors = new List<string>();
            var to = ParseDate(effectiveTo, "Ngày kết thúc ưu tiên (effectiveTo)", errors) ?? latest.Project.EffectiveTo;
            if (to is { } t && latest.Project.EffectiveFrom is { } f && t < f)
                errors.Add($"Ngày kết thúc ưu tiên {t:dd/MM/yyyy} trước ngày bắt đầu {f:dd/MM/yyyy}.");
            if (note is { Length: > MaxTextChars }) errors.Add($"Ghi chú dài quá {MaxTextChars} ký tự.");
            if (errors.Count > 0) return new PriorityProjectWrite(null, errors);
            var closed = latest.Project with
            {
                Status = PriorityProjectStatus.Closed,
                EffectiveTo = to,
                Note = string.IsNullOrWhiteSpace(note) ? latest.Project.Note : note.Trim(),
            };
            return new PriorityProjectWrite(Append(closed, PriorityProjectChanges.Close, actor), []);
        }
    }

    private static PriorityProjectWrite NotFound(string code) =>
        new(null, [$"Không có dự án mã {code} trong sổ dự án trọng điểm."], NotFound: true);

    private PriorityProjectVersion? Latest(string code) => _versions.LastOrDefault(v => Key(v.Code) == Key(code));

    /// <summary>Checks an officer's input; the project (status active, new units computed) when it is valid.</summary>
    private List<string> Validate(PriorityProjectInput input, out PriorityProject? project)
    {
        project = null;
        var errors = new List<string>();
        var code = input.Code?.Trim() ?? "";
        if (code.Length == 0) errors.Add("Thiếu mã dự án (code).");
        else if (code.Length > 64 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            errors.Add("Mã dự án chỉ gồm chữ cái không dấu, chữ số, '-', '_' hoặc '.', tối đa 64 ký tự.");
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add("Thiếu tên dự án (name).");
        else if (name.Length > MaxNameChars) errors.Add($"Tên dự án dài quá {MaxNameChars} ký tự.");
        var aliases = Clean(input.Aliases);
        var oldUnits = Clean(input.OldUnits);
        if (aliases.Count > MaxListItems || oldUnits.Count > MaxListItems) errors.Add($"Mỗi danh sách tối đa {MaxListItems} mục.");
        if (aliases.Concat(oldUnits).Any(s => s.Length > MaxNameChars)) errors.Add($"Mỗi tên gọi khác hoặc đơn vị dài tối đa {MaxNameChars} ký tự.");
        if (oldUnits.Count == 0) errors.Add("Cần ít nhất một quận/huyện hoặc xã/phường cũ (trước 01/7/2025) bị ảnh hưởng (oldUnits).");
        var (newUnits, unknown) = PriorityProjectUnits.Resolve(_units, oldUnits);
        foreach (var u in unknown)
            errors.Add($"Không có đơn vị hành chính cũ «{u}» của Hà Nội (trước 01/7/2025); ghi quận/huyện (ví dụ «Huyện Đông Anh») hoặc «Phường X, Quận Y».");
        var instrument = input.LegalBasisInstrument?.Trim() ?? "";
        if (instrument.Length == 0) errors.Add("Thiếu căn cứ pháp lý: số hiệu và tên văn bản (legalBasis.instrument).");
        else if (instrument.Length > MaxTextChars) errors.Add($"Căn cứ pháp lý dài quá {MaxTextChars} ký tự.");
        var basisDate = ParseDate(input.LegalBasisDate, "Ngày ban hành văn bản (legalBasis.date)", errors);
        var from = ParseDate(input.EffectiveFrom, "Ngày bắt đầu ưu tiên (effectiveFrom)", errors);
        var to = ParseDate(input.EffectiveTo, "Ngày kết thúc ưu tiên (effectiveTo)", errors);
        if (from is { } f && to is { } t && t < f) errors.Add($"Ngày kết thúc ưu tiên {t:dd/MM/yyyy} trước ngày bắt đầu {f:dd/MM/yyyy}.");
        if (basisDate is { } b && from is { } f2 && b > f2)
            errors.Add($"Ngày ban hành căn cứ pháp lý {b:dd/MM/yyyy} sau ngày bắt đầu ưu tiên {f2:dd/MM/yyyy}.");
        if (basisDate is { } b2 && b2 > WorkingCalendar.VietnamDate(_time.GetUtcNow()))
            errors.Add($"Ngày ban hành căn cứ pháp lý {b2:dd/MM/yyyy} ở tương lai.");
        if (input.Note is { Length: > MaxTextChars } || input.Source is { Length: > MaxTextChars })
            errors.Add($"Ghi chú và nguồn dài tối đa {MaxTextChars} ký tự.");
        if (errors.Count > 0) return errors;
        project = new PriorityProject(code, name, aliases, oldUnits, input.Source?.Trim() ?? "")
        {
            NewUnits = newUnits,
            LegalBasis = new PriorityLegalBasis(instrument, basisDate),
            EffectiveFrom = from,
            EffectiveTo = to,
            Status = PriorityProjectStatus.Active,
            Verified = input.Verified,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
        };
        return errors;
    }

    private static List<string> Clean(IReadOnlyList<string>? items) =>
        (items ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();

    private static DateOnly? ParseDate(string? text, string label, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            && d.Year is >= 1945 and <= 2100)
            return d;
        errors.Add($"{label} «{text}» không hợp lệ; ghi theo dạng năm-tháng-ngày, ví dụ 2025-02-25.");
        return null;
    }

    private static string Key(string code) => code.Trim().ToUpperInvariant();

    private void SeedFrom(PriorityProjectRegistry seed)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var p in seed.Projects)
            {
                var (newUnits, _) = PriorityProjectUnits.Resolve(_units, p.OldUnits);
                var validFrom = p.EffectiveFrom is { } from
                    ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamTime(now).Offset)
                    : DateTimeOffset.MinValue;
                Insert(p with { NewUnits = newUnits }, PriorityProjectChanges.Seed, "seed", validFrom, now);
            }
        }
    }

    /// <summary>Inserts a new version valid from now; call under <see cref="_gate"/>.</summary>
    private PriorityProjectVersion Append(PriorityProject project, string change, string actor)
    {
        var now = _time.GetUtcNow();
        return Insert(project, change, actor, now, now);
    }

    private PriorityProjectVersion Insert(PriorityProject project, string change, string actor, DateTimeOffset validFrom, DateTimeOffset recordedAt)
    {
        var number = (Latest(project.Code)?.Version ?? 0) + 1;
        var json = JsonSerializer.Serialize(project, PriorityProjectRegistry.Json);
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            INSERT INTO project_versions(code, code_key, version, valid_from, recorded_at, change, actor, project_json)
            VALUES ($code, $key, $version, $from, $at, $change, $actor, $json) RETURNING seq
            """;
        cmd.Parameters.AddWithValue("$code", project.Code);
        cmd.Parameters.AddWithValue("$key", Key(project.Code));
        cmd.Parameters.AddWithValue("$version", number);
        cmd.Parameters.AddWithValue("$from", Stamp(validFrom));
        cmd.Parameters.AddWithValue("$at", Stamp(recordedAt));
        cmd.Parameters.AddWithValue("$change", change);
        cmd.Parameters.AddWithValue("$actor", actor);
        cmd.Parameters.AddWithValue("$json", json);
        var seq = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        var version = new PriorityProjectVersion(seq, project.Code, number, validFrom, recordedAt, change, actor, project);
        // Readers take the list reference without a lock: replace it, never mutate the one they may hold.
        _versions = [.. _versions, version];
        return version;
    }

    private static string Stamp(DateTimeOffset t) => t.ToString("o", CultureInfo.InvariantCulture);

    private List<PriorityProjectVersion> ReadAll()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT seq, code, version, valid_from, recorded_at, change, actor, project_json FROM project_versions ORDER BY seq";
        using var r = cmd.ExecuteReader();
        var list = new List<PriorityProjectVersion>();
        while (r.Read())
        {
            list.Add(new PriorityProjectVersion(
                r.GetInt64(0), r.GetString(1), r.GetInt32(2),
                DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                r.GetString(5), r.GetString(6),
                JsonSerializer.Deserialize<PriorityProject>(r.GetString(7), PriorityProjectRegistry.Json)!));
        }
        return list;
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        using var pragma = c.CreateCommand();
        // FULL: an acknowledged change of the registry survives a power cut (WAL's NORMAL would keep it only across a crash).
        pragma.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;";
        pragma.ExecuteNonQuery();
        return c;
    }

    private void Migrate()
    {
        using var c = Open();
        SqliteMigrations.Apply(c, Migrations, _time);
    }
}
