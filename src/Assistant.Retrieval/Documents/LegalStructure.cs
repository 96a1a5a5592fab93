namespace Assistant.Retrieval.Documents;

/// <summary>A point (điểm a, b, c, đ …) of a clause.</summary>
public sealed record LegalPoint(string Letter, string Text);

/// <summary>A clause (khoản 1, 2, …) of an article: lead-in text then its points, if any.</summary>
public sealed record LegalClause(int Number, string LeadIn, IReadOnlyList<LegalPoint> Points)
{
    public string FullText => Points.Count == 0 ? LeadIn : LeadIn + "\n" + string.Join("\n", Points.Select(p => p.Text));
}

/// <summary>An article (điều) with its place in the Phần/Chương/Mục hierarchy.</summary>
public sealed record LegalArticle(
    int Number, string? Suffix, string Title, string? Part, string? Chapter, string? Section,
    string LeadIn, IReadOnlyList<LegalClause> Clauses, int? Page, float? Confidence, int Ordinal)
{
    public string Heading => $"Điều {Number}{Suffix}. {Title}".TrimEnd(' ', '.');
    public string BodyText => Clauses.Count == 0 ? LeadIn : (LeadIn.Length > 0 ? LeadIn + "\n" : "") + string.Join("\n", Clauses.Select(c => c.FullText));
}

/// <summary>A document split into its preamble (before the first article), articles, and, for texts with no article at all, plain sections.</summary>
public sealed record LegalDocument(IReadOnlyList<TextBlock> Preamble, IReadOnlyList<LegalArticle> Articles, IReadOnlyList<TextBlock> Trailer);
