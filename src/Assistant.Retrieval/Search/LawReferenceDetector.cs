using System.Text.RegularExpressions;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Documents;
using Assistant.Vietnamese;

namespace Assistant.Retrieval.Search;

/// <summary>Law references found in a question: laws in the store it names, an article number, and references to laws the store lacks.</summary>
public sealed record LawReferences(IReadOnlyList<string> LawNumbers, int? Article, IReadOnlyList<string> Unknown);

/// <summary>
/// Finds references to laws in a question ("theo LĐĐ 2013", "Luật Đất đai 2024", "Nghị định 101", "Điều 220"),
/// by the aliases in the documents' metadata, matched on folded text so that "luat dat dai 2013" works too.
/// </summary>
public sealed partial class LawReferenceDetector
{
    private readonly List<(string Alias, string LawNumber)> _aliases;

    public LawReferenceDetector(IEnumerable<DocumentMetadata> documents)
    {
        _aliases = documents
            .SelectMany(d => d.Aliases.Append(d.Number).Append(d.LawNumber).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => (" " + VietnameseText.FoldPhrase(a) + " ", d.LawNumber)))
            .Distinct()
            .OrderByDescending(a => a.Item1.Length)
            .ToList();
    }

    public LawReferences Detect(string question)
    {
        var folded = " " + VietnameseText.FoldPhrase(question) + " ";
        var found = new List<string>();
        foreach (var (alias, law) in _aliases)
        {
            int at = folded.IndexOf(alias, StringComparison.Ordinal);
            if (at < 0) continue;
            if (!found.Contains(law)) found.Add(law);
            folded = folded.Remove(at, alias.Length).Insert(at, " | ");
        }
        // What is left that still looks like a law reference names a document the store does not hold.
        var unknown = GenericReference().Matches(folded).Select(m => m.Value.Trim()).Distinct().ToList();
        int? article = ArticleReference().Match(" " + VietnameseText.FoldPhrase(question) + " ") is { Success: true } am ? int.Parse(am.Groups[1].Value) : null;
        return new LawReferences(found, article, unknown);
    }

    [GeneratedRegex(@"\b(?:luat(?: dat dai)?|ldd|nghi dinh|nd|quyet dinh|qd|thong tu|tt|nghi quyet|nq)(?: so)? \d{1,4}(?: \d{4})?(?: [a-z]{2,}\d*)*\b")]
    private static partial Regex GenericReference();
    [GeneratedRegex(@" dieu (\d{1,3}) ")]
    private static partial Regex ArticleReference();
}
