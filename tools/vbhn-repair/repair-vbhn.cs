// Restores the numbers that the PDF chunker behind our copy of VBHN 133/VBHN-VPQH (2025) dropped
// ("trước ngày tháng 10 năm 1993", "khoản Điều 124", "Điều của Luật này"...).
//
// Why an alignment and not a search-and-replace: the consolidated text is Law 31/2024/QH15 plus a few amendments, so
// almost every sentence still exists word for word in the original law. Each article of the consolidated text is aligned
// token by token with the same article of 31/2024/QH15; where the only difference is that the consolidated text lacks
// one or more number tokens, those numbers are put back exactly as the original has them. Anything else (amended
// wording, OCR slips of the original) is left alone. Places the alignment cannot decide are fixed from a reviewed
// list (--manual) that names its source for every line.
//
// Re-runnable and deterministic: it always starts from the text as sourced (--source), never from its own output;
// scripts/repair-regulations.sh runs it over the first committed version of each file.
//
//   dotnet run tools/vbhn-repair/repair-vbhn.cs -- \
//     --source <as-sourced VBHN .md> --original data/regulations/luat-dat-dai-2024_31-2024-QH15.md \
//     --manual data/regulations/repairs/vbhn-133-2025.manual.tsv \
//     --out data/regulations/luat-dat-dai_vbhn-133-2025.md --repairs data/regulations/repairs/vbhn-133-2025.tsv \
//   dotnet run tools/vbhn-repair/repair-vbhn.cs -- --fix <other bundled text .md> --manual <list.tsv> --repairs <out.tsv>
//     [--diff <every remaining difference, for review>] [--chunks <land_law_chunks_final.json> --footnotes data/regulations/repairs/vbhn-133-2025.footnotes.tsv]
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

var options = ParseArgs(args);
string Required(string name) => options.TryGetValue(name, out var v) ? v : throw new ArgumentException($"missing --{name}");

// Other bundled texts need only a reviewed list: --fix <file.md> --manual <list.tsv> --repairs <out.tsv>.
if (options.TryGetValue("fix", out var fixPath))
{
    var fixRows = new List<string>();
    var fixedLines = ApplyManual(ReadLines(fixPath), Required("manual"), fixRows);
    File.WriteAllText(fixPath, string.Join('\n', fixedLines) + "\n");
    File.WriteAllText(Required("repairs"), $"# Các chỗ đã sửa trong {Path.GetFileName(fixPath)}. Sinh bởi tools/vbhn-repair/repair-vbhn.cs từ {Path.GetFileName(Required("manual"))}; không sửa tay.\nline\tcolumn\tbefore\tafter\tsource\n" + string.Join("", fixRows.Select(r => r + "\n")));
    Console.WriteLine($"{fixRows.Count} places fixed in {fixPath}");
    return 0;
}

// The source has a few letters in decomposed form (a base letter and a combining accent), which a search for the
// composed word misses; the whole text is put in composed form (NFC) before anything else.
var sourceLines = ReadLines(Required("source"));
var decomposed = sourceLines.Count(l => !l.IsNormalized(NormalizationForm.FormC));
sourceLines = sourceLines.Select(l => l.Normalize(NormalizationForm.FormC)).ToArray();
var originalLines = ReadLines(Required("original"));
var amended = new SortedDictionary<int, List<string>>();

// The original law as sourced has OCR slips of its own ("thi" for "thì", "hách nhiệm"); a reviewed list fixes them
// first, so that they neither hide a dropped number nor stand as differences between the two texts.
if (options.TryGetValue("original-manual", out var originalManual))
{
    var originalRows = new List<string>();
    originalLines = ApplyManual(originalLines, originalManual, originalRows);
    originalLines = originalLines.Select(l => l.Normalize(NormalizationForm.FormC)).ToArray();
    File.WriteAllText(Required("original-out"), string.Join('\n', originalLines) + "\n");
    File.WriteAllText(Required("original-repairs"), "# Các chỗ đã sửa trong luat-dat-dai-2024_31-2024-QH15.md (lỗi OCR của bản nguồn). Sinh bởi tools/vbhn-repair/repair-vbhn.cs; không sửa tay.\nline\tcolumn\tbefore\tafter\tsource\n" + string.Join("", originalRows.Select(r => r + "\n")));
    Console.WriteLine($"{originalRows.Count} OCR slips fixed in the original law");
}

if (options.TryGetValue("chunks", out var chunksPath))
{
    amended = ReadFootnotes(chunksPath);
    var footnotesOut = Required("footnotes");
    var sb = new StringBuilder("# Chú thích (footnote) của VBHN 133/VBHN-VPQH theo từng Điều, trích từ metadata.chunk_footnotes của nguồn (gắn theo trang PDF nên một Điều có thể mang chú thích của Điều khác cùng trang).\n");
    sb.Append("# article\tfootnote\n");
    foreach (var (article, notes) in amended)
    {
        foreach (var note in notes) sb.Append(CultureInfo.InvariantCulture, $"{article}\t{note}\n");
    }
    File.WriteAllText(footnotesOut, sb.ToString());
}
else if (options.TryGetValue("footnotes", out var footnotesIn) && File.Exists(footnotesIn))
{
    foreach (var line in File.ReadLines(footnotesIn).Where(l => !l.StartsWith('#') && l.Length > 0))
    {
        var parts = line.Split('\t', 2);
        var article = int.Parse(parts[0], CultureInfo.InvariantCulture);
        if (!amended.TryGetValue(article, out var list)) amended[article] = list = [];
        list.Add(parts[1]);
    }
}

var sourceArticles = Articles(sourceLines);
var originalArticles = Articles(originalLines);
var insertions = new List<Insertion>();
var differences = new StringBuilder();
foreach (var (number, vbhn) in sourceArticles)
{
    if (!originalArticles.TryGetValue(number, out var original)) continue;
    insertions.AddRange(DroppedNumbers(number, original, vbhn, originalLines, AmendsText(amended, number)));
    var a = original.Select(t => t.Text).ToArray();
    var b = vbhn.Select(t => t.Text).ToArray();
    foreach (var (oStart, oEnd, vStart, vEnd) in Hunks(a, b))
    {
        differences.Append(CultureInfo.InvariantCulture, $"Điều {number}{(AmendsText(amended, number) is null ? "" : " (có chú thích sửa đổi)")}, dòng {(vStart < b.Length ? vbhn[vStart].Line + 1 : 0)}: {string.Join(' ', a[Math.Max(0, oStart - 4)..oStart])} [{string.Join(' ', a[oStart..oEnd])}] {string.Join(' ', a[oEnd..Math.Min(a.Length, oEnd + 4)])} → [{string.Join(' ', b[vStart..vEnd])}]\n");
    }
}
if (options.TryGetValue("diff", out var diffPath)) File.WriteAllText(diffPath, differences.ToString());

var lines = sourceLines.ToArray();
var rows = new List<string>();
foreach (var group in insertions.GroupBy(i => i.Line).OrderBy(g => g.Key))
{
    var before = lines[group.Key];
    var after = before;
    foreach (var ins in group.OrderByDescending(i => i.Column)) after = after.Insert(ins.Column, ins.Text);
    lines[group.Key] = after;
    foreach (var ins in group.OrderBy(i => i.Column))
    {
        rows.Add(Row(group.Key + 1, ins.Column + 1, Context(before, ins.Column, ""), Context(before, ins.Column, ins.Text), ins.Source));
    }
}
var automatic = rows.Count;

if (options.TryGetValue("manual", out var manualPath)) lines = ApplyManual(lines, manualPath, rows);
var manual = rows.Count - automatic;

for (var i = 0; i < lines.Length; i++)
{
    if (lines[i].StartsWith("> Lưu ý: bộ tách", StringComparison.Ordinal))
    {
        lines[i] = "> Lưu ý: bộ tách của nguồn đã làm rơi một số chữ số (ngày, số Điều/khoản); các chỗ đó đã được khôi phục theo Luật 31/2024/QH15 và văn bản sửa đổi — danh sách từng chỗ sửa và nguồn ở repairs/vbhn-133-2025.tsv (xem SOURCES.md).";
    }
}

File.WriteAllText(Required("out"), string.Join('\n', lines) + "\n");
var header = "# Các chỗ đã khôi phục trong luat-dat-dai_vbhn-133-2025.md (số bị bộ tách PDF của nguồn làm rơi). Sinh bởi tools/vbhn-repair/repair-vbhn.cs; không sửa tay.\nline\tcolumn\tbefore\tafter\tsource\n";
File.WriteAllText(Required("repairs"), header + string.Join("", rows.Select(r => r + "\n")));
Console.WriteLine($"{rows.Count} repaired places ({automatic} aligned with 31/2024/QH15, {manual} from the reviewed list); {decomposed} lines put in composed Unicode form");

foreach (var (i, line) in lines.Select((l, i) => (i, l)))
{
    foreach (Match m in Suspicious().Matches(line))
    {
        Console.WriteLine($"still suspicious, line {i + 1}: …{Context(line, m.Index, "")}…");
    }
}
return 0;

// Applies a reviewed list of before → after replacements ("\n" in a cell stands for a line break). Each "before" must
// occur exactly once; an entry whose "after" is already there (and "before" is not) counts as applied, so the list can
// be run again over a text it has already repaired.
static string[] ApplyManual(string[] lines, string path, List<string> rows)
{
    var text = string.Join('\n', lines);
    foreach (var line in File.ReadLines(path).Where(l => !l.StartsWith("# ", StringComparison.Ordinal) && l.Length > 0))
    {
        var parts = line.Split('\t');
        if (parts.Length != 3) throw new FormatException($"manual repair needs before<TAB>after<TAB>source: {line}");
        var before = parts[0].Replace("\\n", "\n", StringComparison.Ordinal);
        var after = parts[1].Replace("\\n", "\n", StringComparison.Ordinal);
        var source = parts[2];
        var count = Regex.Matches(text, Regex.Escape(before)).Count;
        var at = text.IndexOf(before, StringComparison.Ordinal);
        if (count == 0 && Regex.Matches(text, Regex.Escape(after)).Count == 1) at = text.IndexOf(after, StringComparison.Ordinal);
        else if (count != 1) throw new InvalidOperationException($"manual repair must match exactly once, matched {count}: {before}");
        else text = string.Concat(text.AsSpan(0, at), after, text.AsSpan(at + before.Length));
        var lineNumber = text.AsSpan(0, at).Count('\n') + 1;
        var column = at - (text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1) + 1;
        rows.Add(Row(lineNumber, column, parts[0], parts[1], source));
    }
    return text.Split('\n');
}

static string Row(int line, int column, string before, string after, string source) =>
    string.Join('\t', line.ToString(CultureInfo.InvariantCulture), column.ToString(CultureInfo.InvariantCulture), Clean(before), Clean(after), Clean(source));

static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ');

// A few words either side of the insertion point, enough to find and review the place.
static string Context(string line, int column, string inserted)
{
    var start = column;
    for (var words = 0; start > 0 && words < 6; start--)
    {
        if (line[start - 1] == ' ' && start - 1 < column) words++;
    }
    var end = column;
    for (var words = 0; end < line.Length && words < 6; end++)
    {
        if (line[end] == ' ' && end > column) words++;
    }
    return (line[start..column] + inserted + line[column..end]).Trim();
}

static string? AmendsText(SortedDictionary<int, List<string>> amended, int article) =>
    amended.TryGetValue(article, out var notes) && notes.Any(IsAmendment) ? string.Join(" | ", notes.Where(IsAmendment)) : null;

// The footnote on page 2 only quotes the amending laws' own preambles ("có căn cứ ban hành"); every other footnote
// records a change: a phrase replaced or dropped, a point, clause or article amended, added, or given a commencement date.
static bool IsAmendment(string note) => !note.Contains("có căn cứ ban hành", StringComparison.Ordinal);

static IEnumerable<Insertion> DroppedNumbers(int article, List<Token> original, List<Token> vbhn, string[] originalLines, string? amendment)
{
    var a = original.Select(t => t.Text).ToArray();
    var b = vbhn.Select(t => t.Text).ToArray();
    foreach (var (oStart, oEnd, vStart, vEnd) in Hunks(a, b))
    {
        if (vStart != vEnd || oEnd == oStart || vStart == 0) continue;
        var missing = a[oStart..oEnd];
        if (!missing.All(t => IsNumber(t) || IsPunctuation(t)) || !missing.Any(IsNumber)) continue;
        var anchor = vbhn[vStart - 1];
        var prev = original[oStart - 1];
        var last = original[oEnd - 1];
        var text = prev.Line == last.Line
            ? originalLines[prev.Line][prev.End..last.End]
            : " " + string.Join(' ', missing);
        var source = amendment is null
            ? $"31/2024/QH15 Điều {article} (điều không có chú thích sửa đổi trong VBHN)"
            : $"31/2024/QH15 Điều {article}; điều có chú thích sửa đổi trong VBHN, câu này trùng bản gốc nên lấy số của bản gốc ({amendment})";
        yield return new Insertion(anchor.Line, anchor.End, text, source);
    }
}

// Longest common subsequence over tokens, reported as the runs where the two sides differ.
static IEnumerable<(int OStart, int OEnd, int VStart, int VEnd)> Hunks(string[] a, string[] b)
{
    var n = a.Length;
    var m = b.Length;
    var table = new int[(n + 1) * (m + 1)];
    int At(int i, int j) => table[(i * (m + 1)) + j];
    for (var i = n - 1; i >= 0; i--)
    {
        for (var j = m - 1; j >= 0; j--)
        {
            table[(i * (m + 1)) + j] = a[i] == b[j] ? At(i + 1, j + 1) + 1 : Math.Max(At(i + 1, j), At(i, j + 1));
        }
    }
    int x = 0, y = 0;
    while (x < n || y < m)
    {
        if (x < n && y < m && a[x] == b[y])
        {
            x++;
            y++;
            continue;
        }
        int ox = x, oy = y;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[x] == b[y]) break;
            if (y >= m || (x < n && At(x + 1, y) >= At(x, y + 1))) x++;
            else y++;
        }
        yield return (ox, x, oy, y);
    }
}

static bool IsNumber(string token) => token.Any(char.IsAsciiDigit) && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or 'Đ' or 'đ');

static bool IsPunctuation(string token) => token.Length == 1 && ",;:.()“”\"".Contains(token[0], StringComparison.Ordinal);

static SortedDictionary<int, List<Token>> Articles(string[] lines)
{
    var result = new SortedDictionary<int, List<Token>>();
    List<Token>? current = null;
    for (var i = 0; i < lines.Length; i++)
    {
        var line = lines[i];
        var heading = ArticleHeading().Match(line);
        if (heading.Success)
        {
            current = [];
            result[int.Parse(heading.Groups[1].Value, CultureInfo.InvariantCulture)] = current;
        }
        else if (line.StartsWith('#'))
        {
            current = null;
        }
        if (current is null) continue;
        foreach (Match m in TokenPattern().Matches(line))
        {
            if (m.Value.All(c => c is '#' or '>')) continue;
            current.Add(new Token(m.Value, i, m.Index, m.Index + m.Length));
        }
    }
    return result;
}

static SortedDictionary<int, List<string>> ReadFootnotes(string path)
{
    using var doc = JsonDocument.Parse(File.ReadAllText(path));
    var result = new SortedDictionary<int, List<string>>();
    foreach (var chunk in doc.RootElement.EnumerateArray())
    {
        var meta = chunk.GetProperty("metadata");
        if (!meta.TryGetProperty("chunk_footnotes", out var notes) || notes.ValueKind != JsonValueKind.String) continue;
        if (!int.TryParse(meta.GetProperty("article_id").GetString(), CultureInfo.InvariantCulture, out var article)) continue;
        foreach (var block in notes.GetString()!.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var text = Whitespace().Replace(block, " ").Trim();
            if (text.Length == 0) continue;
            if (!result.TryGetValue(article, out var list)) result[article] = list = [];
            if (!list.Contains(text)) list.Add(text);
        }
    }
    return result;
}

static string[] ReadLines(string path) => File.ReadAllText(path).TrimEnd('\n').Split('\n');

static Dictionary<string, string> ParseArgs(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        result[args[i].TrimStart('-')] = args[i + 1];
    }
    return result;
}

internal sealed record Token(string Text, int Line, int Start, int End);

internal sealed record Insertion(int Line, int Column, string Text, string Source);

internal static partial class Program
{
    [GeneratedRegex(@"^#### Điều (\d+)\.")]
    private static partial Regex ArticleHeading();

    [GeneratedRegex(@"[^\s,;:.()“”""]+|[,;:.()“”""]")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"ngày tháng|tháng năm|năm đến|Điều của|khoản Điều|điểm khoản|tháng \d+ năm (?!\d)|số /|ngày \d+ tháng \d+ năm (?!\d)")]
    private static partial Regex Suspicious();
}
