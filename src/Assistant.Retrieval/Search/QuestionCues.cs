using System.Text;
using Assistant.Vietnamese;

namespace Assistant.Retrieval.Search;

/// <summary>The kinds of question the ranker tells apart; their cue phrases are data (data/lexicon/question-types.tsv).</summary>
public static class QuestionKinds
{
    public const string Definition = "definition", Competence = "competence", Procedure = "procedure", Comparison = "comparison",
        TrueFalse = "truefalse", Time = "time", Content = "content", Condition = "condition";

    /// <summary>In the order of the feature vector.</summary>
    public static readonly string[] All = [Definition, Competence, Procedure, Comparison, TrueFalse, Time, Content, Condition];
}

/// <summary>
/// Cue phrases per question kind, matched on folded text at syllable boundaries ("la gi" in "... la gi?"), so a question
/// typed without diacritics is read the same way.
/// </summary>
public sealed class QuestionCues
{
    public const string FileName = "question-types.tsv";

    private readonly List<(string Kind, string Cue)> _cues;

    public QuestionCues(IEnumerable<(string Kind, string Cue)> cues) =>
        _cues = cues.Select(c => (c.Kind, " " + VietnameseText.FoldPhrase(c.Cue) + " ")).Where(c => c.Item2.Trim().Length > 0).ToList();

    public static QuestionCues Empty { get; } = new([]);

    /// <summary>Reads the cue file of a lexicon folder; a missing file means no cues (every question is of no kind).</summary>
    public static QuestionCues Load(string lexiconDirectory)
    {
        var path = Path.Combine(lexiconDirectory, FileName);
        if (!File.Exists(path)) return Empty;
        var cues = new List<(string, string)>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split('\t');
            if (parts.Length < 2) continue;
            var kind = parts[0].Trim();
            if (!QuestionKinds.All.Contains(kind))
                throw new FormatException($"{path}: loại câu hỏi không hợp lệ '{kind}' (cần một trong {string.Join(", ", QuestionKinds.All)}).");
            cues.Add((kind, parts[1].Trim()));
        }
        return new QuestionCues(cues);
    }

    /// <summary>
    /// The question without the cue phrases of one kind, cut out of the original text at syllable boundaries (so the
    /// diacritics of the rest are kept): "Đất ở được sử dụng lâu dài, đúng hay sai?" searches for the rule it states, not
    /// for "đúng" and "sai", which many articles say in other senses ("sai mục đích"). Unchanged when no cue occurs.
    /// </summary>
    public string Strip(string question, string kind)
    {
        var syllables = Tokenizer.Tokenize(question, SyllableOptions.NoBreaks);
        if (syllables.Length == 0) return question;
        var text = VietnameseText.Nfc(question);
        var cut = new bool[syllables.Length];
        bool any = false;
        foreach (var (cueKind, cue) in _cues)
        {
            if (cueKind != kind) continue;
            var words = cue.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i + words.Length <= syllables.Length; i++)
            {
                int k = 0;
                while (k < words.Length && syllables[i + k].Folded == words[k]) k++;
                if (k < words.Length) continue;
                for (k = 0; k < words.Length; k++) cut[i + k] = true;
                any = true;
            }
        }
        if (!any) return question;
        var sb = new StringBuilder(text.Length);
        int at = 0;
        for (int i = 0; i < syllables.Length; i++)
        {
            if (!cut[i]) continue;
            sb.Append(text, at, syllables[i].Start - at).Append(' ');
            at = syllables[i].End;
        }
        sb.Append(text, at, text.Length - at);
        // What is left of "…, đúng hay sai?" is the statement and its comma: the question mark and the gaps go.
        return string.Join(' ', sb.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd(' ', '?', '!');
    }

    /// <summary>The kinds whose cues occur in the question.</summary>
    public IReadOnlySet<string> KindsOf(string question)
    {
        var folded = " " + VietnameseText.FoldPhrase(question) + " ";
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (kind, cue) in _cues)
            if (folded.Contains(cue, StringComparison.Ordinal)) kinds.Add(kind);
        return kinds;
    }
}
