using Assistant.Land.Procedures;
using Assistant.Vietnamese;

namespace Assistant.Triage.Documents;

/// <summary>Which required papers a dossier has, lacks, and which submitted papers match none.</summary>
/// <param name="Missing">Mandatory papers (as written in the catalogue) that no submitted paper matched. Conditional papers ("tùy trường hợp") are never missing.</param>
/// <param name="Extra">Submitted papers that match no paper of the procedure (as submitted).</param>
/// <param name="Matched">Submitted paper → catalogue paper.</param>
public sealed record CompletenessResult(
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Extra,
    IReadOnlyList<(string Submitted, string Required, double Score)> Matched)
{
    public bool Complete => Missing.Count == 0;
}

/// <summary>
/// Matches submitted paper names (typos, no diacritics, everyday names such as "sổ đỏ", "mẫu 18") to the procedure's
/// papers: accent-insensitive (folded syllables), synonyms from data/triage/paper-synonyms.tsv, stop syllables from
/// data/triage/paper-stop-syllables.txt, syllable overlap with edit distance ≤ 1 for longer syllables, one-to-one greedy
/// assignment by score.
/// </summary>
public sealed class DocumentChecker
{
    public const string SynonymsFile = "paper-synonyms.tsv";
    public const string StopSyllablesFile = "paper-stop-syllables.txt";
    public const double MinScore = 0.5;

    // A paper name is one run: a comma inside it ("hợp đồng, công chứng") does not keep a synonym from matching.
    private const SyllableOptions Reading = SyllableOptions.NoBreaks;

    private readonly PhraseList _synonyms;
    private readonly string[] _replacements;
    private readonly HashSet<string> _stopSyllables;

    /// <param name="synonyms">Everyday phrase → the catalogue's wording; matched on folded syllables, the longest first.</param>
    /// <param name="stopSyllables">Syllables that say nothing about which paper it is; compared folded.</param>
    public DocumentChecker(IEnumerable<(string Pattern, string Replacement)> synonyms, IEnumerable<string> stopSyllables)
    {
        var kept = synonyms.Where(s => Tokenizer.Syllables(s.Pattern, Reading).Any()).ToList();
        _synonyms = new PhraseList(kept.Select(s => s.Pattern), MatchMode.Folded, Reading);
        _replacements = kept.Select(s => VietnameseText.FoldPhrase(s.Replacement)).ToArray();
        _stopSyllables = new HashSet<string>(stopSyllables.Select(s => VietnameseText.Fold(s.Trim())), StringComparer.Ordinal);
    }

    /// <summary>Reads <see cref="SynonymsFile"/> and <see cref="StopSyllablesFile"/> from <paramref name="directory"/>.</summary>
    public static DocumentChecker Load(string directory)
    {
        var synonymsPath = Path.Combine(directory, SynonymsFile);
        var stopPath = Path.Combine(directory, StopSyllablesFile);
        if (!File.Exists(synonymsPath)) throw new InvalidOperationException($"Không tìm thấy tệp từ đồng nghĩa giấy tờ '{synonymsPath}'.");
        if (!File.Exists(stopPath)) throw new InvalidOperationException($"Không tìm thấy tệp âm tiết bỏ qua của tên giấy tờ '{stopPath}'.");
        var synonyms = new List<(string, string)>();
        foreach (var (n, cols) in TsvReader.Read(synonymsPath))
        {
            if (cols.Length != 2 || cols[0].Length == 0 || cols[1].Length == 0)
                throw new InvalidOperationException($"Tệp '{synonymsPath}' dòng {n}: cần 'cụm từ<TAB>thay bằng'.");
            synonyms.Add((cols[0], cols[1]));
        }
        var stop = new List<string>();
        foreach (var (n, cols) in TsvReader.Read(stopPath))
        {
            if (cols.Length != 1 || Tokenizer.Syllables(cols[0]).Count() != 1)
                throw new InvalidOperationException($"Tệp '{stopPath}' dòng {n}: mỗi dòng một âm tiết.");
            stop.Add(cols[0]);
        }
        return new DocumentChecker(synonyms, stop);
    }

    public CompletenessResult Check(LandProcedure procedure, IReadOnlyList<string> submitted)
    {
        var required = procedure.Documents.Select(d => (Doc: d, Tokens: Tokens(Core(d.Name)))).ToList();
        var subs = submitted.Select(s => (Text: s, Tokens: Tokens(Normalize(s)))).ToList();
        var pairs = new List<(int S, int R, double Score)>();
        for (int s = 0; s < subs.Count; s++)
            for (int r = 0; r < required.Count; r++)
            {
                var score = Similarity(subs[s].Tokens, required[r].Tokens);
                if (score >= MinScore) pairs.Add((s, r, score));
            }
        var usedS = new HashSet<int>();
        var usedR = new HashSet<int>();
        var matched = new List<(string, string, double)>();
        foreach (var p in pairs.OrderByDescending(p => p.Score).ThenBy(p => required[p.R].Doc.Conditional ? 1 : 0))
        {
            if (usedS.Contains(p.S) || usedR.Contains(p.R)) continue;
            usedS.Add(p.S);
            usedR.Add(p.R);
            matched.Add((subs[p.S].Text, required[p.R].Doc.Name, Math.Round(p.Score, 3)));
        }
        var missing = required.Select((r, i) => (r, i)).Where(x => !x.r.Doc.Conditional && !usedR.Contains(x.i)).Select(x => x.r.Doc.Name).ToList();
        var extra = subs.Select((s, i) => (s, i)).Where(x => !usedS.Contains(x.i)).Select(x => x.s.Text).ToList();
        return new CompletenessResult(missing, extra, matched);
    }

    /// <summary>The paper's name without its parenthesised remarks ("(01 bản chính)", "(Mẫu số 18)").</summary>
    private static string Core(string name)
    {
        int i = name.IndexOf('(');
        var core = i > 0 ? name[..i] : name;
        return VietnameseText.FoldPhrase(core);
    }

    /// <summary>Folded text with the longest synonym phrases replaced.</summary>
    internal string Normalize(string text)
    {
        var syllables = _synonyms.Read(text);
        var output = new List<string>(syllables.Length);
        for (int i = 0; i < syllables.Length;)
        {
            if (_synonyms.LongestAt(syllables, i) is { } hit)
            {
                output.Add(_replacements[hit.Phrase]);
                i = hit.Span.End;
            }
            else output.Add(syllables[i++].Folded);
        }
        return string.Join(' ', output);
    }

    private string[] Tokens(string folded) =>
        folded.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => !_stopSyllables.Contains(t)).Distinct().ToArray();

    /// <summary>Overlap of syllables: a mix of how much of the submitted name is explained and Dice.</summary>
    internal static double Similarity(string[] submitted, string[] required)
    {
        if (submitted.Length == 0 || required.Length == 0) return 0;
        int overlap = 0;
        foreach (var s in submitted)
            if (required.Any(r => Same(s, r))) overlap++;
        double contain = (double)overlap / submitted.Length;
        double dice = 2.0 * overlap / (submitted.Length + required.Length);
        double coverage = (double)overlap / required.Length;
        if (overlap < 2 && required.Length > 1 && submitted.Length > 1) return dice * 0.5;
        // Same kind of paper (first meaningful syllable: "phieu", "don", "hop", "van", "giay", "bien"…) weighs in.
        double head = submitted[0] == required[0] ? 0.15 : 0;
        return Math.Min(1, 0.5 * contain + 0.3 * dice + 0.2 * coverage + head);
    }

    private static bool Same(string a, string b)
    {
        if (a == b) return true;
        if (a.Length < 4 || b.Length < 4 || Math.Abs(a.Length - b.Length) > 1) return false;
        return EditDistance.Levenshtein(a, b) <= 1;
    }
}
