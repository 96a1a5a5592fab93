using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Assistant.Retrieval.Tests.Documents;

/// <summary>
/// The bundled legal texts are shown to citizens as the law: a date, article or clause number lost on the way from the
/// PDF ("trước ngày tháng 10 năm 1993", "khoản Điều này") changes what the law says. These tests read the real files
/// under data/regulations.
/// </summary>
public partial class BundledLegalTextTests
{
    private static string Repairs(string fileName) => Path.Combine(RepoPaths.Regulations, "repairs", fileName);

    /// <summary>Shapes a dropped number leaves behind; each is written so that the clean texts pass.</summary>
    private static readonly (string Name, Regex Pattern)[] DroppedNumberPatterns =
    [
        ("day missing: 'ngày tháng'", DayMissing()),
        ("month missing: 'ngày N tháng' + no number", MonthMissing()),
        ("year missing: 'tháng N năm' + no number", YearMissing()),
        ("article number missing: 'Điều của/và/hoặc'", ArticleMissing()),
        ("clause number missing: 'khoản Điều'", ClauseMissing()),
        ("last clause of a list missing: 'khoản 1, 2 và Điều'", ClauseListEndMissing()),
        ("point letter missing: 'điểm khoản'", PointMissing()),
        ("document number missing: 'số /'", NumberBeforeSlashMissing()),
        ("document number missing at the end of a line: 'Luật … số'", DocumentNumberAtLineEndMissing()),
        ("duration missing: 'không quá ngày', 'thời hạn ngày', 'chậm nhất là tháng'", DurationMissing()),
        ("end of a year range missing: '2021 - theo'", YearRangeEndMissing()),
        ("unit exponent missing: '01 m đất'", SquareMetreMissing()),
    ];

    public static TheoryData<string> BundledTexts()
    {
        var data = new TheoryData<string>();
        foreach (var file in BundledTextFiles()) data.Add(Path.GetRelativePath(RepoPaths.Regulations, file));
        return data;
    }

    private static IEnumerable<string> BundledTextFiles() =>
        Directory.EnumerateFiles(RepoPaths.Regulations, "*.md", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("SOURCES.md" or "README.md"))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Every_bundled_text_is_checked_including_Hanoi_decisions_and_the_2026_decrees()
    {
        var files = BundledTextFiles().Select(f => Path.GetRelativePath(RepoPaths.Regulations, f).Replace('\\', '/')).ToList();
        Assert.Contains(RepoPaths.Vbhn133File, files);
        Assert.Contains(RepoPaths.Law2024File, files);
        Assert.Contains(RepoPaths.Decree49File, files);
        Assert.Contains(RepoPaths.Decree50File, files);
        Assert.Contains(files, f => f.StartsWith("hanoi/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BundledTexts))]
    public void Bundled_text_has_no_dropped_number(string relativePath)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Regulations, relativePath));
        var found = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var (name, pattern) in DroppedNumberPatterns)
            {
                foreach (Match m in pattern.Matches(lines[i]))
                {
                    var from = Math.Max(0, m.Index - 50);
                    var to = Math.Min(lines[i].Length, m.Index + m.Length + 30);
                    found.Add($"line {i + 1}, {name}: …{lines[i][from..to]}…");
                }
            }
        }
        Assert.True(found.Count == 0, $"{relativePath}:\n{string.Join('\n', found)}");
    }

    // Lines as the consolidated text had them before the repair (data/regulations/repairs/vbhn-133-2025.tsv has all
    // of them): each must be caught, and its repaired form must not be.
    [Theory]
    [InlineData("đã sử dụng đất trước ngày tháng 10 năm 1993;", "đã sử dụng đất trước ngày 15 tháng 10 năm 1993;")]
    [InlineData("từ ngày 15 tháng 10 năm đến trước ngày 01 tháng 7 năm 2004", "từ ngày 15 tháng 10 năm 1993 đến trước ngày 01 tháng 7 năm 2004")]
    [InlineData("một lần, tính đến hết ngày tháng 12 của năm có chữ số cuối là 4 hoặc 9", "một lần, tính đến hết ngày 31 tháng 12 của năm có chữ số cuối là 4 hoặc 9")]
    [InlineData("Nghị quyết số 755/2005/NQ-UBTVQH11 ngày 02 tháng 4 năm của Ủy ban Thường vụ Quốc hội", "Nghị quyết số 755/2005/NQ-UBTVQH11 ngày 02 tháng 4 năm 2005 của Ủy ban Thường vụ Quốc hội")]
    [InlineData("được tiếp tục áp dụng đến hết ngày 31 tháng năm 2025;", "được tiếp tục áp dụng đến hết ngày 31 tháng 12 năm 2025;")]
    [InlineData("loại đất quy định tại Điều của Luật này bao gồm:", "loại đất quy định tại Điều 9 của Luật này bao gồm:")]
    [InlineData("không phải là nhà ở theo quy định tại Điều và Điều 149 của Luật này", "không phải là nhà ở theo quy định tại Điều 148 và Điều 149 của Luật này")]
    [InlineData("trường hợp quy định tại khoản Điều 124 và điểm a khoản 4 Điều 127", "trường hợp quy định tại khoản 7 Điều 124 và điểm a khoản 4 Điều 127")]
    [InlineData("tại các khoản 1, 2 và Điều này phải dựa trên căn cứ", "tại các khoản 1, 2 và 3 Điều này phải dựa trên căn cứ")]
    [InlineData("được gia hạn nhưng không quá ngày. Quyết định gia hạn", "được gia hạn nhưng không quá 30 ngày. Quyết định gia hạn")]
    [InlineData("thì trong thời hạn ngày kể từ ngày nhận được", "thì trong thời hạn 30 ngày kể từ ngày nhận được")]
    [InlineData("đề nghị gia hạn chậm nhất là tháng trước khi hết thời hạn", "đề nghị gia hạn chậm nhất là 06 tháng trước khi hết thời hạn")]
    [InlineData("quy hoạch tỉnh thời kỳ 2021 - theo quy định", "quy hoạch tỉnh thời kỳ 2021 - 2030 theo quy định")]
    [InlineData("“3. Giá của 01 m đất là giá đất", "“3. Giá của 01 m2 đất là giá đất")]
    [InlineData("#### Điều 244. Sửa đổi, bổ sung khoản 4 Điều 44 của Luật Thủy sản số", "#### Điều 244. Sửa đổi, bổ sung khoản 4 Điều 44 của Luật Thủy sản số 18/2017/QH14")]
    [InlineData("theo quy định của Nghị quyết số /2025/QH15", "theo quy định của Nghị quyết số 254/2025/QH15")]
    [InlineData("quy định tại điểm khoản 2 Điều này", "quy định tại điểm a khoản 2 Điều này")]
    public void A_dropped_number_is_caught_and_its_repaired_form_is_not(string broken, string repaired)
    {
        Assert.True(IsCaught(broken), $"not caught: {broken}");
        Assert.False(IsCaught(repaired), $"caught though repaired: {repaired}");
    }

    [Fact]
    public void Every_repaired_place_of_the_consolidated_text_was_caught_before_and_is_not_after()
    {
        var rows = RepairRows(Repairs("vbhn-133-2025.tsv"))
            .Where(r => !r.Source.Contains("không phải chỗ rơi số", StringComparison.Ordinal))
            .ToList();
        Assert.True(rows.Count >= 50, $"only {rows.Count} repaired places listed");
        Assert.All(rows, r =>
        {
            Assert.True(IsCaught(r.Before), $"line {r.Line}: not caught: {r.Before}");
            Assert.False(IsCaught(r.After), $"line {r.Line}: caught though repaired: {r.After}");
        });
    }

    [Fact]
    public void Unamended_articles_of_the_consolidated_text_equal_Law_31_2024_word_for_word()
    {
        var consolidated = Articles(File.ReadAllLines(RepoPaths.Regulation(RepoPaths.Vbhn133File)));
        var original = Articles(File.ReadAllLines(RepoPaths.Regulation(RepoPaths.Law2024File)));
        Assert.Equal(Enumerable.Range(1, 260), consolidated.Keys);
        Assert.Equal(Enumerable.Range(1, 260), original.Keys);

        var amended = AmendedArticles();
        // Law 43/2024 (Art. 252, 255...), 47/2024 (urban and rural planning), 58/2024, 71/2025, 84/2025, 93/2025, 95/2025.
        Assert.Contains(252, amended);
        Assert.Contains(190, amended);
        Assert.DoesNotContain(137, amended);

        var known = KnownDifferences();
        var unexplained = new List<string>();
        var compared = 0;
        foreach (var (number, words) in consolidated)
        {
            if (amended.Contains(number)) continue;
            compared++;
            foreach (var (before, after) in Differences(original[number], words))
            {
                var key = (number, before, after);
                if (known.TryGetValue(key, out var left) && left > 0) known[key] = left - 1;
                else unexplained.Add($"Điều {number}: 31/2024/QH15 [{before}] → VBHN [{after}]");
            }
        }
        Assert.True(compared >= 200, $"only {compared} articles compared");
        Assert.True(unexplained.Count == 0, string.Join('\n', unexplained));
        // A listed difference that no longer occurs is stale: the list must say exactly what differs.
        Assert.All(known, k => Assert.True(k.Value == 0, $"listed difference not found: Điều {k.Key.Article} [{k.Key.Original}] → [{k.Key.Consolidated}]"));
    }

    private static bool IsCaught(string text) =>
        DroppedNumberPatterns.Any(p => p.Pattern.IsMatch(text.Replace("\\n", "\n", StringComparison.Ordinal)));

    private sealed record RepairRow(int Line, string Before, string After, string Source);

    private static List<RepairRow> RepairRows(string path) =>
        File.ReadLines(path)
            .Where(l => !l.StartsWith('#') && !l.StartsWith("line\t", StringComparison.Ordinal) && l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(p => new RepairRow(int.Parse(p[0], CultureInfo.InvariantCulture), p[2], p[3], p[4]))
            .ToList();

    // An article counts as amended when the VBHN carries any footnote for it other than the one quoting the amending
    // laws' preambles. The source attaches footnotes by PDF page, so an unamended article sharing a page with an
    // amended one is also left out: the comparison is conservative, never hand-picked.
    private static HashSet<int> AmendedArticles() =>
        File.ReadLines(Repairs("vbhn-133-2025.footnotes.tsv"))
            .Where(l => !l.StartsWith('#') && l.Length > 0)
            .Select(l => l.Split('\t', 2))
            .Where(p => !p[1].Contains("có căn cứ ban hành", StringComparison.Ordinal))
            .Select(p => int.Parse(p[0], CultureInfo.InvariantCulture))
            .ToHashSet();

    private static Dictionary<(int Article, string Original, string Consolidated), int> KnownDifferences()
    {
        var result = new Dictionary<(int, string, string), int>();
        foreach (var p in File.ReadLines(Repairs("vbhn-133-2025.known-differences.tsv"))
                     .Where(l => !l.StartsWith('#') && l.Length > 0)
                     .Select(l => l.Split('\t')))
        {
            var key = (int.Parse(p[0], CultureInfo.InvariantCulture), p[1], p[2]);
            result[key] = result.GetValueOrDefault(key) + 1;
        }
        return result;
    }

    /// <summary>
    /// Words of each article ("#### Điều N." up to the next heading), with only whitespace, Markdown heading and
    /// emphasis marks and footnote markers taken out, in composed Unicode form.
    /// </summary>
    private static SortedDictionary<int, string[]> Articles(string[] lines)
    {
        var result = new SortedDictionary<int, string[]>();
        var current = -1;
        var text = new StringBuilder();
        void Close()
        {
            if (current < 0) return;
            var normalised = FootnoteMarker().Replace(Emphasis().Replace(text.ToString(), ""), "").Normalize(NormalizationForm.FormC);
            result[current] = normalised.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        }
        foreach (var line in lines)
        {
            var heading = ArticleHeading().Match(line);
            if (heading.Success || line.StartsWith('#'))
            {
                Close();
                current = heading.Success ? int.Parse(heading.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
                text.Clear();
                if (heading.Success) text.Append(line.TrimStart('#').Trim()).Append(' ');
                continue;
            }
            text.Append(line).Append(' ');
        }
        Close();
        return result;
    }

    // Word-level longest common subsequence; yields each run where the two texts differ.
    private static IEnumerable<(string Original, string Consolidated)> Differences(string[] a, string[] b)
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
            while ((x < n || y < m) && !(x < n && y < m && a[x] == b[y]))
            {
                if (y >= m || (x < n && At(x + 1, y) >= At(x, y + 1))) x++;
                else y++;
            }
            yield return (string.Join(' ', a[ox..x]), string.Join(' ', b[oy..y]));
        }
    }

    [GeneratedRegex(@"^#### Điều (\d+)\.")]
    private static partial Regex ArticleHeading();

    [GeneratedRegex(@"(?<!\w)[*_]+|[*_]+(?!\w)")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\[\^\d+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+")]
    private static partial Regex FootnoteMarker();

    [GeneratedRegex(@"\bngày tháng\b")]
    private static partial Regex DayMissing();

    [GeneratedRegex(@"\bngày \d{1,2} tháng (?!\d)")]
    private static partial Regex MonthMissing();

    [GeneratedRegex(@"\btháng \d{1,2} năm (?!\d)")]
    private static partial Regex YearMissing();

    // "một số Điều của Luật …" (some articles of a law) is ordinary wording.
    [GeneratedRegex(@"(?<!\bsố )\bĐiều (của|và|hoặc)\b")]
    private static partial Regex ArticleMissing();

    [GeneratedRegex(@"\bkhoản Điều\b")]
    private static partial Regex ClauseMissing();

    [GeneratedRegex(@"\bkhoản \d+[a-z]?(, \d+[a-z]?)*,? và Điều\b")]
    private static partial Regex ClauseListEndMissing();

    [GeneratedRegex(@"\bđiểm khoản\b")]
    private static partial Regex PointMissing();

    [GeneratedRegex(@"\bsố /")]
    private static partial Regex NumberBeforeSlashMissing();

    [GeneratedRegex(@"\b(Luật|Nghị quyết|Nghị định|Quyết định|Thông tư|Pháp lệnh)\b[^.;:\n]{0,60}\bsố\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentNumberAtLineEndMissing();

    [GeneratedRegex(@"\b(không quá|thời hạn|chậm nhất là|trong vòng|tối đa) (ngày|tháng|năm)\b(?! \d)")]
    private static partial Regex DurationMissing();

    [GeneratedRegex(@"\b(19|20)\d\d - (?!\d)")]
    private static partial Regex YearRangeEndMissing();

    [GeneratedRegex(@"\b\d+ m (đất|sàn|nhà)\b")]
    private static partial Regex SquareMetreMissing();
}
