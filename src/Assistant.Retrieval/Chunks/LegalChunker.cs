using System.Text;
using Assistant.Retrieval.Documents;

namespace Assistant.Retrieval.Chunks;

/// <summary>Chunk sizes, in characters.</summary>
public sealed record ChunkingOptions
{
    /// <summary>An article up to this size is one chunk; a longer one is split by clause.</summary>
    public int MaxArticleChars { get; init; } = 2400;
    /// <summary>A clause longer than this is split by point (each point keeps the clause's lead-in).</summary>
    public int MaxClauseChars { get; init; } = 2400;
    /// <summary>Window size for documents without articles (letters, archive records).</summary>
    public int PlainWindowChars { get; init; } = 1500;
}

/// <summary>
/// Turns a parsed document into chunks: one per article, split by clause (then point) when long,
/// each with its full citation ("Điểm a Khoản 2 Điều 220 Luật Đất đai 2024 (31/2024/QH15)") and heading path.
/// Documents with no article (archive papers) are cut into paragraph windows cited by page.
/// </summary>
public sealed class LegalChunker(ChunkingOptions? options = null)
{
    private readonly ChunkingOptions _options = options ?? new ChunkingOptions();

    public ChunkingOptions Options => _options;

    public IReadOnlyList<LegalChunk> Chunk(string sourceId, DocumentMetadata document, LegalDocument parsed, IReadOnlyList<TextBlock> allBlocks)
    {
        var chunks = new List<LegalChunk>();
        if (parsed.Articles.Count == 0)
        {
            PlainWindows(sourceId, document, allBlocks, chunks);
            return chunks;
        }
        foreach (var article in parsed.Articles)
            ChunkArticle(sourceId, document, article, chunks);
        return chunks;
    }

    private void ChunkArticle(string sourceId, DocumentMetadata document, LegalArticle article, List<LegalChunk> chunks)
    {
        var path = new List<string>();
        if (article.Part is { } p) path.Add(p);
        if (article.Chapter is { } c) path.Add(c);
        if (article.Section is { } s) path.Add(s);
        path.Add(article.Heading);
        var articleKey = $"{document.Id}#d{article.Number}{article.Suffix}";

        LegalChunk Make(string idSuffix, int? clause, string? point, string text) => new()
        {
            Id = articleKey + idSuffix,
            SourceId = sourceId,
            Document = document,
            Part = article.Part,
            Chapter = article.Chapter,
            Section = article.Section,
            Article = article.Number,
            ArticleSuffix = article.Suffix,
            ArticleTitle = article.Title,
            Clause = clause is 0 ? null : clause,
            Point = point,
            Citation = Citation(document, article, clause, point),
            HeadingPath = path,
            Text = text.Trim(),
            Page = article.Page,
            OcrConfidence = article.Confidence,
            Ordinal = chunks.Count,
        };

        var body = article.BodyText;
        if (body.Length <= _options.MaxArticleChars || article.Clauses.Count == 0)
        {
            chunks.Add(Make("", null, null, body.Length == 0 ? article.Title : body));
            return;
        }
        // The article's lead-in ("Trong Luật này, các từ ngữ dưới đây được hiểu như sau:") gives each clause its context.
        var leadIn = article.LeadIn.Length is > 0 and <= 300 ? article.LeadIn + "\n" : "";
        if (article.LeadIn.Length > 300) chunks.Add(Make(".lead", null, null, article.LeadIn));
        foreach (var clause in article.Clauses)
        {
            var clauseText = clause.FullText;
            if (clauseText.Length <= _options.MaxClauseChars || clause.Points.Count == 0)
            {
                chunks.Add(Make($".k{clause.Number}", clause.Number, null, leadIn + clauseText));
                continue;
            }
            var clauseLead = clause.LeadIn.Length <= 400 ? clause.LeadIn + "\n" : "";
            if (clause.LeadIn.Length > 400) chunks.Add(Make($".k{clause.Number}", clause.Number, null, leadIn + clause.LeadIn));
            foreach (var point in clause.Points)
                chunks.Add(Make($".k{clause.Number}.p{point.Letter}", clause.Number, point.Letter, leadIn + clauseLead + point.Text));
        }
    }

    public static string Citation(DocumentMetadata document, LegalArticle article, int? clause, string? point)
    {
        var sb = new StringBuilder();
        if (point is not null) sb.Append("Điểm ").Append(point).Append(' ');
        if (clause is > 0) sb.Append("Khoản ").Append(clause).Append(' ');
        sb.Append("Điều ").Append(article.Number).Append(article.Suffix).Append(' ').Append(document.CitationName);
        return sb.ToString();
    }

    private void PlainWindows(string sourceId, DocumentMetadata document, IReadOnlyList<TextBlock> blocks, List<LegalChunk> chunks)
    {
        var sb = new StringBuilder();
        int? page = null;
        var confidences = new List<float>();
        string? heading = null;
        foreach (var block in blocks)
        {
            if (block.Kind == BlockKind.Heading) heading = block.Text;
            if (sb.Length > 0 && (sb.Length + block.Text.Length > _options.PlainWindowChars || block.Page != page)) Flush();
            if (sb.Length == 0) page = block.Page;
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(block.Text);
            if (block.Confidence is { } c) confidences.Add(c);
        }
        Flush();

        void Flush()
        {
            if (sb.Length == 0) return;
            var name = document.CitationName;
            chunks.Add(new LegalChunk
            {
                Id = $"{document.Id}#w{chunks.Count}",
                SourceId = sourceId,
                Document = document,
                Citation = page is { } pg ? $"{name}, trang {pg}" : name,
                HeadingPath = heading is null ? [] : [heading],
                Text = sb.ToString(),
                Page = page,
                OcrConfidence = confidences.Count == 0 ? null : confidences.Average(),
                Ordinal = chunks.Count,
            });
            sb.Clear();
            confidences.Clear();
        }
    }
}
