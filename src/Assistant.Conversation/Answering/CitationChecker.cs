using System.Text.RegularExpressions;

namespace Assistant.Conversation.Answering;

/// <summary>
/// Checks a generated answer against the sources it was given: every sentence must end with at least one [n],
/// every n must be a source that was retrieved. A generated answer that fails is never shown.
/// </summary>
public static partial class CitationChecker
{
    public const string Insufficient = "KHÔNG ĐỦ CĂN CỨ";

    public sealed record Result(bool Ok, string Reason, IReadOnlyList<int> CitedSources);

    public static Result Check(string answer, int sourceCount)
    {
        if (string.IsNullOrWhiteSpace(answer)) return new(false, "empty", []);
        if (answer.Contains(Insufficient, StringComparison.OrdinalIgnoreCase)) return new(false, "insufficient", []);
        var cited = new SortedSet<int>();
        var sentences = SentenceEnd().Split(answer.Trim()).Where(s => s.Trim().Length > 0).ToList();
        if (sentences.Count == 0) return new(false, "empty", []);
        foreach (var sentence in sentences)
        {
            var marks = Marker().Matches(sentence);
            if (marks.Count == 0) return new(false, $"uncited sentence: {Short(sentence)}", []);
            foreach (Match m in marks)
            {
                var n = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (n < 1 || n > sourceCount) return new(false, $"unknown source [{n}]", []);
                cited.Add(n);
            }
        }
        return new(true, "ok", cited.ToList());
    }

    private static string Short(string s) => s.Length > 60 ? s[..60] + "…" : s;

    // A sentence ends after its citation marks: "… đất ở [1][2]. Tiếp theo …".
    [GeneratedRegex(@"(?<=\])\s*[.!?;]?\s+(?=\p{Lu})|(?<=\])\s*[.!?]\s*$|\n+")]
    private static partial Regex SentenceEnd();
    [GeneratedRegex(@"\[(\d{1,2})\]")]
    private static partial Regex Marker();
}
