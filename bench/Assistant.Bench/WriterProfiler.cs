using Assistant.Retrieval.Storage.Embedded;
using System.Diagnostics;
using System.Text.Json;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Assistant.Bench;

/// <summary>
/// A replica of the store's write path (<c>LuceneChunkStore.ChunkDocument</c> + <c>IndexWriter.AddDocument</c> +
/// commit) run with Lucene directly, to measure candidate fixes for the indexing throughput: a larger RAM buffer, and
/// building the documents (analysis + JSON) on all cores with concurrent <c>AddDocument</c> calls (IndexWriter is
/// thread-safe: one in-memory segment per thread). Same field names as the store (<see cref="LuceneFields"/>).
/// </summary>
public static class WriterProfiler
{
    /// <param name="Positions">Index term positions in the lexical fields, as TextField does today. BM25 over single
    /// terms reads only documents and frequencies (bigrams are their own terms): positions are written, never read.</param>
    public sealed record Variant(string Name, double RamBufferMb, bool Parallel, bool Positions = true);

    private static readonly FieldType LexicalNoPositions = Freeze(new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS });

    private static FieldType Freeze(FieldType type)
    {
        type.Freeze();
        return type;
    }

    public static IReadOnlyList<(Variant Variant, TimeSpan Elapsed)> Run(string tempRoot, VietnameseAnalyzer analyzer, IReadOnlyList<LegalChunk> chunks, IEnumerable<Variant> variants)
    {
        var results = new List<(Variant, TimeSpan)>();
        foreach (var variant in variants)
        {
            var path = Path.Combine(tempRoot, "writer-" + variant.Name.Replace(' ', '-'));
            Bench.Settle();
            var sw = Stopwatch.StartNew();
            using (var dir = FSDirectory.Open(new DirectoryInfo(path)))
            using (var writer = new IndexWriter(dir, new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())
            {
                Similarity = new BM25Similarity(1.2f, 0.75f),
                OpenMode = OpenMode.CREATE,
                RAMBufferSizeMB = variant.RamBufferMb,
            }))
            {
                if (variant.Parallel)
                    System.Threading.Tasks.Parallel.ForEach(chunks, c => writer.AddDocument(Document(analyzer, c, variant.Positions)));
                else
                    foreach (var c in chunks) writer.AddDocument(Document(analyzer, c, variant.Positions));
                writer.Commit();
            }
            results.Add((variant, sw.Elapsed));
            try { System.IO.Directory.Delete(path, recursive: true); }
            catch (IOException) { }
        }
        return results;
    }

    private static Document Document(VietnameseAnalyzer analyzer, LegalChunk c, bool positions)
    {
        var analyzed = analyzer.AnalyzeForIndex(c.IndexText);
        var doc = new Document
        {
            new StringField(LuceneFields.Kind, LuceneFields.KindChunk, Field.Store.NO),
            new StringField(LuceneFields.Id, c.Id, Field.Store.YES),
            new StringField(LuceneFields.Source, c.SourceId, Field.Store.NO),
            new StringField(LuceneFields.Doc, c.Document.Id, Field.Store.NO),
            new StringField(LuceneFields.Law, c.Document.LawNumber, Field.Store.NO),
            new StringField(LuceneFields.Number, c.Document.Number, Field.Store.NO),
            new StringField(LuceneFields.Type, c.Document.Type, Field.Store.NO),
            new StringField(LuceneFields.Status, c.Document.Status, Field.Store.NO),
            new StringField(LuceneFields.Security, c.Document.Security.ToString(), Field.Store.NO),
            new StoredField(LuceneFields.Json, JsonSerializer.Serialize(c, MetadataResolver.Json)),
        };
        foreach (var field in LexicalFields.All)
            doc.Add(positions
                ? new TextField(field, new ListTokenStream(analyzed.Field(field)))
                : new Field(field, new ListTokenStream(analyzed.Field(field)), LexicalNoPositions));
        return doc;
    }

}
