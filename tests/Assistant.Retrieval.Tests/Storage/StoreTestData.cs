using System.Text;
using System.Text.Json;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Ingestion;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Storage.Embedded;
using Microsoft.Extensions.AI;
using Assistant.Access;

namespace Assistant.Retrieval.Tests.Storage;

/// <summary>Small hand-written legal documents and helpers shared by the storage tests.</summary>
internal static class StoreTestData
{
    /// <summary>A short decision with the given articles (title, body) as Markdown, with a "Số:" line that metadata inference reads.</summary>
    public static string Decision(string number, string title, params (string Title, string Body)[] articles)
    {
        var sb = new StringBuilder();
        sb.AppendLine("ỦY BAN NHÂN DÂN THÀNH PHỐ THỬ NGHIỆM").AppendLine();
        sb.AppendLine($"Số: {number}").AppendLine();
        sb.AppendLine($"# {title}").AppendLine();
        sb.AppendLine("## Chương I. QUY ĐỊNH CHUNG").AppendLine();
        for (int i = 0; i < articles.Length; i++)
        {
            sb.AppendLine($"#### Điều {i + 1}. {articles[i].Title}").AppendLine();
            sb.AppendLine(articles[i].Body).AppendLine();
        }
        return sb.ToString();
    }

    public static void WriteSidecar(string file, string id, string number, SecurityLevel security, string type = "Quyết định",
        string status = DocumentStatus.InForce, string? shortTitle = null)
    {
        var json = JsonSerializer.Serialize(new
        {
            id,
            number,
            type,
            title = $"{type} {number}",
            shortTitle = shortTitle ?? $"{type} {number}",
            status,
            security = security.ToString(),
            aliases = new[] { number.ToLowerInvariant() },
        });
        File.WriteAllText(file + MetadataResolver.SidecarSuffix, json);
    }

    public static IndexingPipeline Pipeline(IChunkStore store, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null, string? model = null) =>
        new(store, DocumentReaders.CreateDefault(), new LegalChunker(), embeddings, model);

    public static LuceneChunkStore OpenStore(string path) => new(path, RepoPaths.NewAnalyzer());

    public static FileResult Single(IndexReport report, string path) =>
        Assert.Single(report.Files, f => f.Path == Path.GetFullPath(path));

    public static DocumentMetadata Metadata(string id, string number, SecurityLevel security = SecurityLevel.Public, string type = "Quyết định") => new()
    {
        Id = id,
        Number = number,
        Type = type,
        Title = $"{type} {number}",
        ShortTitle = $"{type} {number}",
        Security = security,
    };

    public static LegalChunk Chunk(DocumentMetadata document, string sourceId, int article, string text) => new()
    {
        Id = $"{document.Id}#d{article}",
        SourceId = sourceId,
        Document = document,
        Article = article,
        ArticleTitle = $"Điều {article}",
        Citation = $"Điều {article} {document.CitationName}",
        HeadingPath = [$"Điều {article}. Thử"],
        Text = text,
        Ordinal = article - 1,
    };

    public static SourceRecord Source(DocumentMetadata document, string sourceId, int chunks) =>
        new(sourceId, "hash-" + sourceId, document, "markdown", chunks, null, TimeProvider.System.GetUtcNow());

    /// <summary>A unit vector along one axis.</summary>
    public static float[] Axis(int dims, int axis)
    {
        var v = new float[dims];
        v[axis] = 1f;
        return v;
    }
}
