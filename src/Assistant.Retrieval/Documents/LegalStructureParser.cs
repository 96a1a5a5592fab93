using System.Text;
using System.Text.RegularExpressions;

namespace Assistant.Retrieval.Documents;

/// <summary>
/// Recovers Phần/Chương/Mục/Điều/Khoản/Điểm from text blocks. Headings are recognised only at the start
/// of a line and articles must follow each other in order, so that cross-references inside the text
/// ("theo quy định tại Điều 137"), articles quoted by an amending decree ("“Điều 5. …") and clause-like
/// numbers in sentences are not taken for structure. Clauses and points are also found inside run-on
/// paragraphs (some sources put a whole article on one line), again only in sequence.
/// </summary>
public static partial class LegalStructureParser
{
    private const string PointLetters = "abcdđeghiklmnopqrstuvxy";

    public static LegalDocument Parse(IReadOnlyList<TextBlock> blocks)
    {
        var preamble = new List<TextBlock>();
        var trailer = new List<TextBlock>();
        var articles = new List<LegalArticle>();
        string? part = null, chapter = null, section = null;
        bool chapterTitlePending = false, sectionTitlePending = false, partTitlePending = false;
        ArticleBuilder? current = null;
        int lastNumber = 0;
        bool inTrailer = false;

        foreach (var block in blocks)
        {
            foreach (var rawLine in block.Text.Split('\n'))
            {
                var line = CleanLine(rawLine);
                if (line.Length == 0) continue;

                if (PartHeading().Match(line) is { Success: true } pm)
                {
                    part = Compose("Phần", pm.Groups["n"].Value, pm.Groups["t"].Value);
                    partTitlePending = pm.Groups["t"].Value.Trim().Length == 0;
                    chapter = null; section = null;
                    Close();
                    continue;
                }
                if (ChapterHeading().Match(line) is { Success: true } cm)
                {
                    var title = cm.Groups["t"].Value.Trim();
                    chapter = Compose("Chương", cm.Groups["n"].Value, title);
                    chapterTitlePending = title.Length == 0;
                    section = null;
                    Close();
                    continue;
                }
                // PDF and Word sources put a heading's title on the next line, in capitals.
                if ((chapterTitlePending || sectionTitlePending || partTitlePending) && current is null && IsMostlyUpper(line)
                    && !ArticleHeading().IsMatch(line) && !SectionHeading().IsMatch(line))
                {
                    if (sectionTitlePending) section += ". " + line;
                    else if (chapterTitlePending) chapter += ". " + line;
                    else part += ". " + line;
                    chapterTitlePending = sectionTitlePending = partTitlePending = false;
                    continue;
                }
                chapterTitlePending = partTitlePending = false;
                if (SectionHeading().Match(line) is { Success: true } sm)
                {
                    section = Compose("Mục", sm.Groups["n"].Value, sm.Groups["t"].Value);
                    sectionTitlePending = sm.Groups["t"].Value.Trim().Length == 0;
                    Close();
                    continue;
                }
                sectionTitlePending = false;
                if (ArticleHeading().Match(line) is { Success: true } am && AcceptsArticle(int.Parse(am.Groups["n"].Value), am.Groups["s"].Value))
                {
                    Close();
                    inTrailer = false;
                    lastNumber = int.Parse(am.Groups["n"].Value);
                    current = new ArticleBuilder(lastNumber, NullIfEmpty(am.Groups["s"].Value), am.Groups["t"].Value.Trim().TrimEnd('.'),
                        part, chapter, section, block.Page, block.Confidence);
                    continue;
                }
                if (current is not null && TrailerStart().IsMatch(line))
                {
                    Close();
                    inTrailer = true;
                }
                if (current is not null) current.Add(line, block.Confidence);
                else if (inTrailer || articles.Count > 0) trailer.Add(block with { Text = line });
                else preamble.Add(block with { Text = line });
            }
        }
        Close();
        return new LegalDocument(preamble, articles, trailer);

        bool AcceptsArticle(int number, string suffix)
        {
            if (lastNumber == 0) return true;
            if (number == lastNumber + 1 && suffix.Length == 0) return true;
            if (number == lastNumber && suffix.Length > 0) return true;       // inserted article "Điều 5a"
            if (number > lastNumber && number <= lastNumber + 3) return true; // tolerate an article lost to OCR
            return false;
        }

        void Close()
        {
            if (current is null) return;
            articles.Add(current.Build(articles.Count));
            current = null;
        }
    }

    private static string Compose(string kind, string number, string title)
    {
        title = title.Trim().TrimStart('.', ':', '-', '–').Trim();
        return title.Length == 0 ? $"{kind} {number}" : $"{kind} {number}. {title}";
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>Removes Markdown heading marks, emphasis and stray spaces that readers leave around headings.</summary>
    private static string CleanLine(string line)
    {
        var s = line.Trim();
        s = s.TrimStart('#').Trim();
        s = s.Replace("**", "").Replace("__", "");
        if (s.StartsWith('*') && s.EndsWith('*') && s.Length > 2) s = s[1..^1];
        if (s.StartsWith('_') && s.EndsWith('_') && s.Length > 2) s = s[1..^1];
        return MultiSpace().Replace(s, " ").Trim();
    }

    private static bool IsMostlyUpper(string line)
    {
        int letters = line.Count(char.IsLetter);
        return letters > 0 && line.Count(char.IsUpper) >= letters * 0.8 && line.Length < 200;
    }

    /// <summary>Splits an article body into lead-in and numbered clauses, each clause into lead-in and lettered points.</summary>
    internal static (string LeadIn, List<LegalClause> Clauses) SplitClauses(string body)
    {
        var starts = SequentialMarkers(body, ClauseMarker(), m => int.Parse(m.Groups["n"].Value), first: 1, next: n => n + 1, needsCapital: true);
        var clauses = new List<LegalClause>();
        string leadIn;
        if (starts.Count == 0)
        {
            var (pointLead, points) = SplitPoints(body);
            if (points.Count == 0) return (body.Trim(), clauses);
            clauses.Add(new LegalClause(0, pointLead, points)); // points directly under the article
            return ("", clauses);
        }
        leadIn = body[..starts[0].Index].Trim();
        for (int i = 0; i < starts.Count; i++)
        {
            int from = starts[i].Index;
            int to = i + 1 < starts.Count ? starts[i + 1].Index : body.Length;
            var text = body[from..to].Trim();
            var (lead, points) = SplitPoints(text);
            clauses.Add(new LegalClause(starts[i].Value, lead, points));
        }
        return (leadIn, clauses);
    }

    private static (string LeadIn, List<LegalPoint> Points) SplitPoints(string text)
    {
        var starts = SequentialMarkers(text, PointMarker(), m => PointLetters.IndexOf(m.Groups["l"].Value[0]) + 1, first: 1, next: n => n + 1, needsCapital: false);
        if (starts.Count == 0) return (text.Trim(), []);
        var points = new List<LegalPoint>();
        for (int i = 0; i < starts.Count; i++)
        {
            int from = starts[i].Index;
            int to = i + 1 < starts.Count ? starts[i + 1].Index : text.Length;
            points.Add(new LegalPoint(PointLetters[starts[i].Value - 1].ToString(), text[from..to].Trim()));
        }
        return (text[..starts[0].Index].Trim(), points);
    }

    /// <summary>
    /// Positions of markers ("2. ", "b) ") that continue the expected sequence and stand where a new item can
    /// start: at a line start, or after a sentence or list separator (". ", "; ", ": ").
    /// </summary>
    private static List<(int Index, int Value)> SequentialMarkers(string text, Regex marker, Func<Match, int> valueOf, int first, Func<int, int> next, bool needsCapital)
    {
        var found = new List<(int, int)>();
        int expected = first;
        foreach (Match m in marker.Matches(text))
        {
            int value = valueOf(m);
            if (value != expected) continue;
            if (!StartsItem(text, m.Index)) continue;
            int after = m.Index + m.Length;
            if (needsCapital && after < text.Length && !(char.IsUpper(text[after]) || text[after] is '“' or '"' or '(')) continue;
            found.Add((m.Index, value));
            expected = next(expected);
        }
        return found;
    }

    private static bool StartsItem(string text, int index)
    {
        int i = index - 1;
        while (i >= 0 && text[i] is ' ' or '\t') i--;
        if (i < 0) return true;
        return text[i] is '\n' or '.' or ';' or ':' or '”' or '"';
    }

    [GeneratedRegex(@"^(?:PHẦN|Phần)\s+(?<n>THỨ\s+\p{L}+|thứ\s+\p{L}+|[IVXLC]+|\d+)(?=$|[\s.:\-–])[\s.:\-–]*(?<t>.*)$")]
    private static partial Regex PartHeading();
    [GeneratedRegex(@"^(?:CHƯƠNG|Chương)\s+(?<n>[IVXLC]+|\d+)(?=$|[\s.:\-–])[\s.:\-–]*(?<t>.*)$")]
    private static partial Regex ChapterHeading();
    [GeneratedRegex(@"^(?:MỤC|Mục)\s+(?<n>\d+)(?=$|[\s.:\-–])[\s.:\-–]*(?<t>.*)$")]
    private static partial Regex SectionHeading();
    [GeneratedRegex(@"^Điều\s+(?<n>\d{1,3})(?<s>[a-zđ]?)\s*[.:]\s*(?<t>.*)$")]
    private static partial Regex ArticleHeading();
    [GeneratedRegex(@"(?<n>\d{1,3})\.\s+")]
    private static partial Regex ClauseMarker();
    [GeneratedRegex(@"(?<![\p{L}\d])(?<l>[a-zđ])\)\s+")]
    private static partial Regex PointMarker();
    [GeneratedRegex(@"^(?:Nơi nhận\b|Luật này đã được Quốc hội|TM\.\s|KT\.\s|CHỦ TỊCH QUỐC HỘI\b)")]
    private static partial Regex TrailerStart();
    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex MultiSpace();

    private sealed class ArticleBuilder(int number, string? suffix, string title, string? part, string? chapter, string? section, int? page, float? confidence)
    {
        private readonly StringBuilder _body = new();
        private readonly List<float> _confidences = confidence is { } c ? [c] : [];

        public void Add(string line, float? lineConfidence)
        {
            if (_body.Length > 0) _body.Append('\n');
            _body.Append(line);
            if (lineConfidence is { } lc) _confidences.Add(lc);
        }

        public LegalArticle Build(int ordinal)
        {
            var body = _body.ToString();
            // A title that runs on in the heading line of a run-on source ("Điều 2. Đối tượng áp dụng 1. Cơ quan…") is not split here:
            // titles are kept as found, the body is split below.
            var (leadIn, clauses) = SplitClauses(body);
            return new LegalArticle(number, suffix, title, part, chapter, section, leadIn, clauses, page,
                _confidences.Count == 0 ? null : _confidences.Average(), ordinal);
        }
    }
}
