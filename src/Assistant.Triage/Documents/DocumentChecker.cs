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
/// papers: accent-insensitive (<see cref="VietnameseText.FoldPhrase"/>), synonyms from data/triage/paper-synonyms.tsv,
/// syllable overlap with edit distance ≤ 1 for longer syllables, one-to-one greedy assignment by score.
/// </summary>
public sealed class DocumentChecker
{
    public const string SynonymsFile = "paper-synonyms.tsv";
    public const double MinScore = 0.5;

    private static readonly HashSet<string> StopSyllables = new(StringComparer.Ordinal)
    {
        "ban", "goc", "chinh", "sao", "cua", "ve", "viec", "va", "hoac", "cac", "da", "doi", "voi", "theo", "trong", "mot",
        "cho", "nay", "01", "02", "03", "so", "nguoi", "co", "neu", "la", "thi", "de", "tai", "gan", "lien",
    };

    private readonly List<(string[] Pattern, string Replacement)> _synonyms;

    public DocumentChecker(IEnumerable<(string Pattern, string Replacement)> synonyms)
    {
        _synonyms = synonyms
            .Select(s => (VietnameseText.FoldPhrase(s.Pattern).Split(' ', StringSplitOptions.RemoveEmptyEntries), VietnameseText.FoldPhrase(s.Replacement)))
            .Where(s => s.Item1.Length > 0)
            .OrderByDescending(s => s.Item1.Length)
            .ToList();
    }

    public static DocumentChecker Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"Không tìm thấy tệp từ đồng nghĩa giấy tờ '{path}'.");
        var list = new List<(string, string)>();
        int n = 0;
        foreach (var raw in File.ReadLines(path))
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split('\t');
            if (parts.Length != 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
                throw new InvalidOperationException($"Tệp '{path}' dòng {n}: cần 'cụm từ<TAB>thay bằng'.");
            list.Add((parts[0].Trim(), parts[1].Trim()));
        }
        return new DocumentChecker(list);
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
        var tokens = VietnameseText.FoldPhrase(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var output = new List<string>();
        for (int i = 0; i < tokens.Count;)
        {
            bool replaced = false;
            foreach (var (pattern, replacement) in _synonyms)
            {
                if (i + pattern.Length > tokens.Count) continue;
                bool ok = true;
                for (int j = 0; j < pattern.Length && ok; j++) ok = tokens[i + j] == pattern[j];
                if (!ok) continue;
                output.Add(replacement);
                i += pattern.Length;
                replaced = true;
                break;
            }
            if (!replaced) output.Add(tokens[i++]);
        }
        return string.Join(' ', output);
    }

    private static string[] Tokens(string folded) =>
        folded.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => !StopSyllables.Contains(t)).Distinct().ToArray();

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
        return Levenshtein(a, b) <= 1;
    }

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
