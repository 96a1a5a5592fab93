using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Ingestion;
using Assistant.Retrieval.Search;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Storage.Embedded;
using Assistant.Access;

namespace Assistant.Retrieval.Tests;

/// <summary>Paths of the repository the tests run from: found by walking up from the test binaries to Assistant.sln.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Assistant.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Assistant.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string Root => LazyRoot.Value;
    public static string Regulations => Path.Combine(Root, "data", "regulations");
    public static string Lexicon => Path.Combine(Root, "data", "lexicon");
    public static string Eval => Path.Combine(Root, "eval");

    public static string Regulation(string fileName) => Path.Combine(Regulations, fileName);

    public const string Law2024File = "luat-dat-dai-2024_31-2024-QH15.md";
    public const string Law2013File = "luat-dat-dai-2013_45-2013-QH13.md";
    public const string Vbhn133File = "luat-dat-dai_vbhn-133-2025.md";
    public const string Decree49File = "nghi-dinh-49-2026-ND-CP.md";
    public const string Decree50File = "nghi-dinh-50-2026-ND-CP.md";

    private static readonly Lazy<LexiconData> LazyLexicon = new(() => LexiconData.Load(Lexicon));
    public static LexiconData LexiconData => LazyLexicon.Value;
    public static VietnameseAnalyzer NewAnalyzer() => new(LexiconData);
}

/// <summary>A temp folder deleted (recursively) on dispose.</summary>
public sealed class ScratchFolder : IDisposable
{
    public ScratchFolder(string prefix = "assistant-tests-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string Folder(params string[] parts)
    {
        var dir = System.IO.Path.Combine([Path, .. parts]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose()
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
                return;
            }
            catch (IOException) { Thread.Sleep(100); }
            catch (UnauthorizedAccessException) { Thread.Sleep(100); }
        }
    }
}

/// <summary>
/// The whole bundled corpus (data/regulations) indexed once, without embeddings, into a temp Lucene store,
/// with the real Vietnamese analyzer and lexicon. Shared by the tests of the "Corpus" collection.
/// </summary>
public sealed class CorpusFixture : IAsyncLifetime
{
    private readonly ScratchFolder _folder = new("assistant-corpus-");

    public string StorePath => _folder.File("store");
    public VietnameseAnalyzer Analyzer { get; } = RepoPaths.NewAnalyzer();
    public LuceneChunkStore Store { get; private set; } = null!;
    public LegalSearchService Search { get; private set; } = null!;
    public IndexReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = new LuceneChunkStore(StorePath, Analyzer);
        var pipeline = new IndexingPipeline(Store, DocumentReaders.CreateDefault(), new LegalChunker(), embeddings: null, embeddingModel: null);
        Report = await pipeline.IndexAsync([RepoPaths.Regulations]);
        Search = new LegalSearchService(Store, Analyzer, embeddings: null);
    }

    public async Task<IReadOnlyList<SearchResult>> QueryAsync(string question, int top = 10, AccessScope? access = null, SearchFilter? filter = null)
    {
        var response = await Search.SearchAsync(new SearchRequest
        {
            Query = question,
            Access = access ?? AccessScope.Public,
            Top = top,
            Filter = filter ?? SearchFilter.None,
        });
        return response.Results;
    }

    public async Task DisposeAsync()
    {
        if (Store is not null) await Store.DisposeAsync();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class CorpusCollection : ICollectionFixture<CorpusFixture>
{
    public const string Name = "Corpus";
}
