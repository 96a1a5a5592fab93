using System.Text.Json;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;

namespace Assistant.Bench;

/// <summary>One corpus file as the indexing pipeline would write it: its source record and chunks.</summary>
public sealed record LoadedSource(SourceRecord Record, IReadOnlyList<LegalChunk> Chunks);

/// <summary>
/// The extract → metadata → structure → chunk steps of <c>IndexingPipeline</c> without the store, so that the bench can
/// time them apart from the store writes and reuse the chunks (embedding sample, synthetic corpus).
/// Discovery follows the pipeline: recursive, hidden and metadata files skipped, ordinal order.
/// </summary>
public static class CorpusLoader
{
    private static readonly HashSet<string> IgnoredNames = new(StringComparer.OrdinalIgnoreCase)
        { "README.md", "SOURCES.md", MetadataResolver.CatalogFileName };

    public static IReadOnlyList<string> Discover(string root, DocumentReaders readers) =>
        Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden })
            .Where(f =>
            {
                var name = Path.GetFileName(f);
                return !name.StartsWith('.') && !IgnoredNames.Contains(name)
                    && !name.EndsWith(MetadataResolver.SidecarSuffix, StringComparison.OrdinalIgnoreCase)
                    && readers.For(f) is not null;
            })
            .Select(Path.GetFullPath)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static async Task<IReadOnlyList<LoadedSource>> LoadAsync(string root, DocumentReaders readers, LegalChunker chunker, CancellationToken ct)
    {
        var metadata = new MetadataResolver();
        var result = new List<LoadedSource>();
        foreach (var file in Discover(root, readers))
        {
            var extracted = await readers.For(file)!.ReadAsync(file, ct);
            if (extracted.Blocks.Count == 0) continue;
            var meta = metadata.Resolve(file, extracted.Blocks);
            var parsed = LegalStructureParser.Parse(extracted.Blocks);
            var chunks = chunker.Chunk(file, meta, parsed, extracted.Blocks);
            if (chunks.Count == 0) continue;
            var record = new SourceRecord(file, "bench-" + file.GetHashCode().ToString("x8"), meta, extracted.Method, chunks.Count, extracted.OcrConfidence, TimeProvider.System.GetUtcNow());
            result.Add(new LoadedSource(record, chunks));
        }
        return result;
    }

    /// <summary>The "question" field of every line of the dev sets.</summary>
    public static IReadOnlyList<string> LoadQuestions(params string[] files)
    {
        var questions = new List<string>();
        foreach (var file in files.Where(File.Exists))
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("question", out var q) && q.GetString() is { Length: > 0 } text)
                    questions.Add(text);
            }
        return questions;
    }
}
