using Assistant.Retrieval.Archive;

namespace Assistant.Indexer.Archive;

/// <summary>
/// Per field and variant (clean, degraded): how many pages had the field in the ground truth, how many were read exactly
/// (after collapsing white space), and the character error rate (edit distance over the truth's length, summed over pages).
/// A field the extractor did not find counts as wholly wrong.
/// </summary>
public sealed class ArchiveEvalScores
{
    public static readonly string[] Fields = ["parcel", "mapSheet", "address", "serial", "registerNumber", "documentNumber", "documentDate", "issuer", "holderNames", "idNumbers"];

    public sealed record FieldRow(string Field, string Variant, int Count, int Exact, int Edits, int Chars)
    {
        public double ExactRate => Count == 0 ? 0 : (double)Exact / Count;
        public double Cer => Chars == 0 ? 0 : (double)Edits / Chars;
    }

    public sealed record KindRow(string Variant, int Count, int Right)
    {
        public double Rate => Count == 0 ? 0 : (double)Right / Count;
    }

    private readonly Dictionary<(string Field, string Variant), FieldRow> _rows = [];
    private readonly Dictionary<string, KindRow> _kinds = new(StringComparer.Ordinal);

    /// <summary>The extracted value the eval compares with the truth's field of the same name.</summary>
    public static string? Predicted(ArchiveExtraction e, string field)
    {
        ArgumentNullException.ThrowIfNull(e);
        return field switch
        {
            "parcel" => e.Parcel?.Value,
            "mapSheet" => e.MapSheet?.Value,
            "address" => e.Address?.Value,
            "serial" => e.Serial?.Value,
            "registerNumber" => e.RegisterNumber?.Value,
            "documentNumber" => e.DocumentNumber?.Value,
            "documentDate" => e.DocumentDate?.Value,
            "issuer" => e.Issuer?.Value,
            "holderNames" => e.Personal.HolderNames.Count == 0 ? null : string.Join("; ", e.Personal.HolderNames),
            "idNumbers" => e.Personal.IdNumbers.Count == 0 ? null : string.Join("; ", e.Personal.IdNumbers),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "unknown field"),
        };
    }

    /// <summary>Scores one field of one page; true when it was read exactly.</summary>
    public bool Add(string variant, string field, string expected, string? actual)
    {
        var e = Collapse(expected);
        var a = actual is null ? "" : Collapse(actual);
        bool exact = actual is not null && string.Equals(e, a, StringComparison.Ordinal);
        var key = (field, variant);
        var row = _rows.GetValueOrDefault(key) ?? new FieldRow(field, variant, 0, 0, 0, 0);
        _rows[key] = row with { Count = row.Count + 1, Exact = row.Exact + (exact ? 1 : 0), Edits = row.Edits + Distance(e, a), Chars = row.Chars + e.Length };
        return exact;
    }

    public void AddKind(string variant, bool right)
    {
        var row = _kinds.GetValueOrDefault(variant) ?? new KindRow(variant, 0, 0);
        _kinds[variant] = row with { Count = row.Count + 1, Right = row.Right + (right ? 1 : 0) };
    }

    public FieldRow? Row(string field, string variant) => _rows.GetValueOrDefault((field, variant));

    public IEnumerable<FieldRow> Rows() => Fields.SelectMany(f => new[] { "clean", "degraded" }.Select(v => Row(f, v))).OfType<FieldRow>();

    public IEnumerable<KindRow> KindRows() => _kinds.Values.OrderBy(k => k.Variant, StringComparer.Ordinal);

    private static string Collapse(string s) => string.Join(' ', s.Normalize(System.Text.NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Levenshtein distance (insert, delete, substitute one character).</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
