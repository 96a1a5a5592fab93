using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Access;

namespace Assistant.Retrieval.Storage;

/// <summary>Metadata filters, all optional; values within one filter are alternatives (OR), filters combine with AND.</summary>
public sealed record SearchFilter
{
    /// <summary>Law numbers ("31/2024/QH15"): matches a document's own number or the law it consolidates.</summary>
    public IReadOnlyCollection<string>? LawNumbers { get; init; }
    public IReadOnlyCollection<string>? DocumentIds { get; init; }
    public IReadOnlyCollection<string>? Types { get; init; }
    public IReadOnlyCollection<string>? Statuses { get; init; }
    /// <summary>Article numbers, used when the question names one ("Điều 220").</summary>
    public IReadOnlyCollection<int>? Articles { get; init; }

    /// <summary>Whether pages of the digitized land archive take part. By default they do not: a legal search never
    /// cites an archive page. Any archive key below makes the search archive-only.</summary>
    public ArchiveSelection Archive { get; init; } = ArchiveSelection.Exclude;
    /// <summary>Archive parcel numbers (thửa đất số), matched by <see cref="ArchiveKeys.Number"/>.</summary>
    public IReadOnlyCollection<string>? Parcels { get; init; }
    /// <summary>Archive map sheet numbers (tờ bản đồ số), matched by <see cref="ArchiveKeys.Number"/>.</summary>
    public IReadOnlyCollection<string>? MapSheets { get; init; }
    /// <summary>Certificate serials ("AA 01234567"), matched by <see cref="ArchiveKeys.Code"/>.</summary>
    public IReadOnlyCollection<string>? Serials { get; init; }
    /// <summary>Register numbers (số vào sổ, "CS 01234"), matched by <see cref="ArchiveKeys.Code"/>.</summary>
    public IReadOnlyCollection<string>? RegisterNumbers { get; init; }
    /// <summary>Numbers of archived decisions and contracts ("1234/QĐ-UBND"), matched by <see cref="ArchiveKeys.Code"/>.</summary>
    public IReadOnlyCollection<string>? ArchiveDocumentNumbers { get; init; }
    /// <summary>Units (five-digit codes after 1 July 2025) whose archive records may match.</summary>
    public IReadOnlyCollection<string>? Units { get; init; }
    /// <summary>Archive record kinds (<see cref="ArchiveKinds"/>).</summary>
    public IReadOnlyCollection<string>? ArchiveKinds { get; init; }

    /// <summary>True when a filter on an archive field is set.</summary>
    public bool HasArchiveKeys =>
        Parcels is { Count: > 0 } || MapSheets is { Count: > 0 } || Serials is { Count: > 0 } || RegisterNumbers is { Count: > 0 }
        || ArchiveDocumentNumbers is { Count: > 0 } || Units is { Count: > 0 } || ArchiveKinds is { Count: > 0 };

    /// <summary><see cref="Archive"/>, made <see cref="ArchiveSelection.Only"/> when an archive key is set.</summary>
    public ArchiveSelection EffectiveArchive => HasArchiveKeys ? ArchiveSelection.Only : Archive;

    /// <summary>The archive keys as the store indexes them (<see cref="ArchiveKeys"/>): (store field, normalised values).</summary>
    public IEnumerable<(string Field, IReadOnlyList<string> Values)> ArchiveKeyFilters()
    {
        static IReadOnlyList<string> Norm(IEnumerable<string> values, Func<string, string> key) =>
            values.Select(key).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (Parcels is { Count: > 0 }) yield return (ArchiveFieldNames.Parcel, Norm(Parcels, ArchiveKeys.Number));
        if (MapSheets is { Count: > 0 }) yield return (ArchiveFieldNames.MapSheet, Norm(MapSheets, ArchiveKeys.Number));
        if (Serials is { Count: > 0 }) yield return (ArchiveFieldNames.Serial, Norm(Serials, ArchiveKeys.Code));
        if (RegisterNumbers is { Count: > 0 }) yield return (ArchiveFieldNames.RegisterNumber, Norm(RegisterNumbers, ArchiveKeys.Code));
        if (ArchiveDocumentNumbers is { Count: > 0 }) yield return (ArchiveFieldNames.DocumentNumber, Norm(ArchiveDocumentNumbers, ArchiveKeys.Code));
        if (Units is { Count: > 0 }) yield return (ArchiveFieldNames.Unit, Norm(Units, u => u.Trim()));
        if (ArchiveKinds is { Count: > 0 }) yield return (ArchiveFieldNames.Kind, Norm(ArchiveKinds, k => k.Trim()));
    }

    public static SearchFilter None { get; } = new();
}

/// <summary>Whether a search includes pages of the digitized land archive.</summary>
public enum ArchiveSelection { Exclude, Include, Only }

/// <summary>
/// The flat fields under which both stores index an archive chunk's keys (Lucene string fields, Qdrant keyword payload),
/// with their values from <see cref="ArchiveKeys"/>. A chunk of the archive also carries <see cref="Corpus"/> = <see cref="CorpusArchive"/>.
/// </summary>
public static class ArchiveFieldNames
{
    public const string Corpus = "corpus", CorpusArchive = "archive";
    public const string Kind = "ar_kind", Unit = "ar_unit", Parcel = "ar_parcel", MapSheet = "ar_sheet", Serial = "ar_serial",
        RegisterNumber = "ar_register", DocumentNumber = "ar_docno";

    public static readonly string[] Keys = [Kind, Unit, Parcel, MapSheet, Serial, RegisterNumber, DocumentNumber];

    /// <summary>The (field, value) pairs to index for <paramref name="record"/>: its kind, unit and every key it has.</summary>
    public static IEnumerable<(string Field, string Value)> For(ArchiveRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        yield return (Corpus, CorpusArchive);
        yield return (Kind, record.Kind);
        yield return (Unit, record.Unit);
        if (record.Parcel is { } p && ArchiveKeys.Number(p.Value) is { Length: > 0 } pk) yield return (Parcel, pk);
        if (record.MapSheet is { } s && ArchiveKeys.Number(s.Value) is { Length: > 0 } sk) yield return (MapSheet, sk);
        if (record.Serial is { } se && ArchiveKeys.Code(se.Value) is { Length: > 0 } sek) yield return (Serial, sek);
        if (record.RegisterNumber is { } r && ArchiveKeys.Code(r.Value) is { Length: > 0 } rk) yield return (RegisterNumber, rk);
        if (record.DocumentNumber is { } d && ArchiveKeys.Code(d.Value) is { Length: > 0 } dk) yield return (DocumentNumber, dk);
    }
}

/// <summary>How lexical and dense rankings are fused (weighted reciprocal rank fusion).</summary>
/// <param name="DenseRerankOnly">Score dense similarity only for the lexical candidates instead of scanning every vector:
/// at a small dense weight a dense-only hit can never reach the top, so the full scan would be wasted time.</param>
public sealed record FusionOptions(double LexicalWeight = 1.0, double DenseWeight = 0.02, int RrfK = 60, int CandidatesPerRanker = 100, bool DenseRerankOnly = false);

/// <summary>A store-level query: already analysed and embedded by the retrieval service.</summary>
public sealed record StoreQuery
{
    public required AccessScope Access { get; init; }
    public required IReadOnlyList<WeightedTerm> Terms { get; init; }
    public float[]? Vector { get; init; }
    public SearchFilter Filter { get; init; } = SearchFilter.None;
    public int Top { get; init; } = 10;
    public FusionOptions Fusion { get; init; } = new();
}

public sealed record SearchHit(LegalChunk Chunk, double Score, int? LexicalRank, int? DenseRank);

/// <summary>What was indexed from one source file: the content hash makes re-indexing idempotent.</summary>
public sealed record SourceRecord(
    string SourceId, string ContentHash, DocumentMetadata Document, string Method,
    int ChunkCount, float? OcrConfidence, DateTimeOffset IndexedAt);

public sealed record EmbeddedChunk(LegalChunk Chunk, float[]? Vector);

/// <summary>Which embedding model built the store; a store refuses vectors from another model.</summary>
public sealed record StoreManifest(string SchemaVersion, string? EmbeddingModel, int Dimensions);

public sealed record StoreStats(string Kind, string Location, int Sources, int Chunks, int Vectors, long SizeBytes, StoreManifest? Manifest,
    IReadOnlyList<(string DocumentNumber, string Title, int Chunks)> Documents);

/// <summary>
/// The one store interface shared by the indexer and the bot. Implementations: the embedded Lucene store
/// (BM25 + in-memory dense vectors, fused locally) and Qdrant (named dense + sparse vectors, fused on the server).
/// Writes are staged per source and made durable by <see cref="CommitAsync"/>; a crash before it leaves the
/// previous commit intact.
/// </summary>
public interface IChunkStore : IAsyncDisposable
{
    string Kind { get; }
    /// <summary>
    /// Changes whenever a commit becomes visible to this store's searches, so that what callers derive from the store
    /// (the law aliases, a procedure's articles) can be cached until the content changes instead of for a fixed time.
    /// Compare for equality only: the value means nothing across processes or store instances.
    /// </summary>
    long Generation { get; }
    Task<StoreManifest?> GetManifestAsync(CancellationToken ct);
    /// <summary>Sets the manifest of an empty store, or checks that it matches the existing one.</summary>
    Task EnsureManifestAsync(StoreManifest manifest, CancellationToken ct);
    Task<IReadOnlyDictionary<string, SourceRecord>> GetSourcesAsync(CancellationToken ct);
    /// <summary>Replaces every chunk of the source with these (idempotent by chunk id).</summary>
    Task ReplaceSourceAsync(SourceRecord source, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken ct);
    Task DeleteSourceAsync(string sourceId, CancellationToken ct);
    Task CommitAsync(CancellationToken ct);
    Task<IReadOnlyList<SearchHit>> SearchAsync(StoreQuery query, CancellationToken ct);
    Task<IReadOnlyList<DocumentMetadata>> GetDocumentsAsync(CancellationToken ct);
    Task<StoreStats> GetStatsAsync(CancellationToken ct);
}

/// <summary>
/// Optional capability of a store that can hand out everything it holds (what `migrate` copies into another store).
/// Callers test for it (<c>store is IChunkStoreExport</c>) instead of asking for a concrete store.
/// </summary>
public interface IChunkStoreExport
{
    /// <summary>Where the store lives, as shown to the operator.</summary>
    string Location { get; }
    /// <summary>Every committed source record with its chunks and their vectors, chunks in document order.</summary>
    IAsyncEnumerable<(SourceRecord Source, IReadOnlyList<EmbeddedChunk> Chunks)> ExportAsync(CancellationToken ct);
}

/// <summary>How many searchable chunks the store holds and in how many of them each asked term occurs.</summary>
public sealed record TermStatistics(int DocCount, IReadOnlyDictionary<(string Field, string Term), int> DocFreqs);

/// <summary>
/// Optional capability of a store that can tell document frequencies (what the learned ranker's per-field BM25 features
/// weigh terms by). Without it the ranker weighs terms by their frequency among the candidates.
/// </summary>
public interface IChunkStoreTermStatistics
{
    TermStatistics GetTermStatistics(IReadOnlyCollection<(string Field, string Term)> terms);
}

/// <summary>
/// Optional capability of a store kept in segments (the embedded Lucene store): after a bulk run the indexer merges them,
/// because a search pays per segment (term lookups, scorers) and a run that commits every 20 files leaves many.
/// </summary>
public interface IChunkStoreSegments
{
    /// <summary>Segments of the current commit.</summary>
    int SegmentCount { get; }
    /// <summary>Merges the index down to at most <paramref name="maxSegments"/> segments and commits; searches go on meanwhile.</summary>
    Task MergeSegmentsAsync(int maxSegments, CancellationToken ct);
}

/// <summary>A snapshot made by the store's server: its name and size, the collection it holds and the name the store reads through.</summary>
public sealed record StoreSnapshot(string Name, long SizeBytes, string Collection, string Alias);

/// <summary>
/// Optional capability of a store whose server makes snapshots (the `snapshot` command). The embedded store has none:
/// `backup` copies a held commit of its files instead (<see cref="IChunkStoreFileSnapshot"/>).
/// </summary>
public interface IChunkStoreSnapshots
{
    Task<StoreSnapshot> CreateSnapshotAsync(CancellationToken ct);
}

/// <summary>
/// Optional capability of a store whose index lives in files (the embedded store): holds its last commit so that none of
/// that commit's files is deleted while a backup copies them, even when another writer commits meanwhile, in this process
/// or in another one. Callers test for it (<c>store is IChunkStoreFileSnapshot</c>); a store without it (Qdrant) is
/// backed up by its server (<see cref="IChunkStoreSnapshots"/>).
/// </summary>
public interface IChunkStoreFileSnapshot
{
    /// <summary>Holds the last commit until the returned hold is disposed. Throws <see cref="StoreBusyException"/> when
    /// another process is writing right now or another backup holds a commit; null when the store holds no commit yet.</summary>
    Task<StoreCommitHold?> HoldLastCommitAsync(CancellationToken ct);
}

/// <summary>
/// One commit of a file store, held against deletion: the folder, the commit's files (names relative to it), its generation
/// (the number of the commit in the folder, what a restored copy starts from) and the store's manifest at that commit.
/// Disposing releases the hold.
/// </summary>
public sealed class StoreCommitHold(string folder, IReadOnlyList<string> fileNames, long generation, StoreManifest? manifest, Func<ValueTask> release) : IAsyncDisposable
{
    private int _released;

    public string Folder => folder;
    public IReadOnlyList<string> FileNames => fileNames;
    public long Generation => generation;
    public StoreManifest? Manifest => manifest;

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? release() : ValueTask.CompletedTask;
}

/// <summary>The store was built with another embedding model or schema.</summary>
public sealed class StoreMismatchException(string message) : Exception(message);

/// <summary>Another process holds the store's write lock.</summary>
public sealed class StoreBusyException(string message, Exception inner) : Exception(message, inner);
