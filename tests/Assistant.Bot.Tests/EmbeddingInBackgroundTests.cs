using System.Net;
using System.Text;
using Assistant.Bot.Tests.Infrastructure;
using Assistant.Conversation.Hosting;
using Assistant.Retrieval;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Newtonsoft.Json.Linq;

namespace Assistant.Bot.Tests;

/// <summary>
/// The host as built on a real Lucene store in a temp folder, indexing a small corpus at start: it answers as soon as
/// the lexical index is committed while the vectors are still being computed, /healthz shows them in progress then
/// done, and a shutdown in the middle keeps what was committed so that the next start resumes. No multilingual model is
/// obtainable here, so the embedder is <see cref="SlowTestDoubleEmbedder"/>.
/// </summary>
public sealed class EmbeddingInBackgroundTests
{
    private static readonly string[] CorpusFiles =
    [
        "qd-01-2025-QD-UBND_don-gia-boi-thuong-nha-cong-trinh-HN.md",
        "qd-07-2025-QD-UBND_muc-nop-tien-dat-trong-lua-HN.md",
    ];

    [Fact]
    public async Task The_bot_answers_before_the_vectors_are_done_and_healthz_follows_them_to_done()
    {
        var dir = NewDataDir();
        var embedder = new SlowTestDoubleEmbedder();
        await using var factory = NewHost(dir, embedder, skipWhenUnused: false);
        try
        {
            factory.Start();
            using var client = new HttpClient { BaseAddress = factory.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

            var ready = await PollHealthAsync(client, h => (string?)h["status"] == "ready");
            Assert.True((bool)ready["lexical"]!["ready"]!);
            Assert.True((int)ready["lexical"]!["chunks"]! > 0);
            // No batch of chunks has been let through yet: the store is ready with no vector at all.
            var running = await PollHealthAsync(client, h => (string?)h["embeddings"]!["state"] == "running");
            Assert.Equal(0, (int)running["embeddings"]!["done"]!);
            Assert.Equal((int)running["lexical"]!["chunks"]!, (int)running["embeddings"]!["total"]!);
            long lexicalGeneration = (long)running["lexical"]!["generation"]!;

            var replies = await AskAsync(client, "mức nộp tiền khi chuyển đất trồng lúa sang mục đích khác ở Hà Nội");
            Assert.NotEmpty(replies);
            Assert.Contains(replies, r => !string.IsNullOrWhiteSpace((string?)r["text"]));

            embedder.ReleaseBatches(CorpusFiles.Length);
            var done = await PollHealthAsync(client, h => (string?)h["embeddings"]!["state"] == "done");
            Assert.Equal((int)done["embeddings"]!["total"]!, (int)done["embeddings"]!["done"]!);
            // The committed vectors made a new generation, so caches keyed on it refresh.
            Assert.NotEqual(lexicalGeneration, (long)done["lexical"]!["generation"]!);
            Assert.Equal(CorpusFiles.Length, embedder.BatchesServed);
        }
        finally
        {
            await factory.DisposeAsync();
            DeleteQuietly(dir);
        }
    }

    [Fact]
    public async Task Healthz_never_says_done_beside_counts_read_before_the_last_commit()
    {
        // The description /healthz sends is read in two steps: the states and the store's counts. Here the counts are read
        // while the vectors are still coming, then held until the background embedding has committed every file and says
        // done; what comes out must be one moment's picture (running with no vector), never "done" with 0 of 9 vectors.
        var dir = NewDataDir();
        var embedder = new SlowTestDoubleEmbedder();
        StatsHoldingStore? store = null;
        await using var factory = NewHost(dir, embedder, skipWhenUnused: false, decorate: services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(IChunkStore));
            services.Remove(real);
            services.AddSingleton<IChunkStore>(sp => store = new StatsHoldingStore((IChunkStore)real.ImplementationFactory!(sp)));
        });
        try
        {
            factory.Start();
            using var client = new HttpClient { BaseAddress = factory.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            await PollHealthAsync(client, h => (string?)h["embeddings"]!["state"] == "running");
            var corpus = factory.Services.GetRequiredService<CorpusBootstrapService>();

            Task<CorpusReadiness> describing;
            using (StatsHoldingStore.HoldInThisFlow())
                describing = corpus.DescribeAsync(CancellationToken.None);
            await store!.StatsRead.WaitAsync(TimeSpan.FromMinutes(1));

            embedder.ReleaseBatches(CorpusFiles.Length);
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (corpus.Embeddings.State != EmbeddingStates.Done)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the embeddings never got done: {corpus.Embeddings}");
                await Task.Delay(20);
            }
            store.ReleaseStats();

            var described = await describing.WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(described.Embeddings.State != EmbeddingStates.Done || described.Vectors == described.Chunks,
                $"'done' went out beside {described.Vectors} of {described.Chunks} vectors, counts read before the last commit");
            Assert.Equal(EmbeddingStates.Running, described.Embeddings.State);
            Assert.Equal(0, described.Vectors);

            // Asked again, the description is done with every vector.
            var now = await corpus.DescribeAsync(CancellationToken.None);
            Assert.Equal(EmbeddingStates.Done, now.Embeddings.State);
            Assert.Equal(now.Chunks, now.Vectors);
        }
        finally
        {
            store?.ReleaseStats();
            await factory.DisposeAsync();
            DeleteQuietly(dir);
        }
    }

    [Fact]
    public async Task A_shutdown_while_embedding_keeps_the_finished_sources_and_the_next_start_embeds_only_the_rest()
    {
        var dir = NewDataDir();
        try
        {
            int total, doneAtShutdown;
            var first = new SlowTestDoubleEmbedder();
            await using (var host = NewHost(dir, first, skipWhenUnused: false))
            {
                host.Start();
                using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                await PollHealthAsync(client, h => (string?)h["embeddings"]!["state"] == "running");
                // One source goes through and is committed; the second batch waits when the host stops.
                first.ReleaseBatches(1);
                var partial = await PollHealthAsync(client, h => (int)h["embeddings"]!["done"]! > 0 && first.BatchesWaiting > 0);
                total = (int)partial["embeddings"]!["total"]!;
                doneAtShutdown = (int)partial["embeddings"]!["done"]!;
                Assert.True(doneAtShutdown < total);
            }

            var second = new SlowTestDoubleEmbedder();
            second.ReleaseBatches(int.MaxValue / 2);
            await using (var host = NewHost(dir, second, skipWhenUnused: false))
            {
                host.Start();
                using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                var done = await PollHealthAsync(client, h => (string?)h["embeddings"]!["state"] == "done");
                Assert.Equal(total, (int)done["embeddings"]!["done"]!);
            }

            // The second start embedded only the chunks the first had not committed.
            Assert.Equal(total - doneAtShutdown, second.ChunksEmbedded);
            Assert.Equal(1, second.BatchesServed);
        }
        finally
        {
            DeleteQuietly(dir);
        }
    }

    [Fact]
    public async Task With_dense_weight_0_and_SkipWhenUnused_no_chunk_is_embedded_and_healthz_says_why()
    {
        var dir = NewDataDir();
        var embedder = new SlowTestDoubleEmbedder();
        await using var factory = NewHost(dir, embedder, skipWhenUnused: true, denseWeight: "0");
        try
        {
            factory.Start();
            using var client = new HttpClient { BaseAddress = factory.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var skipped = await PollHealthAsync(client, h => (string?)h["embeddings"]!["state"] == "skipped");
            Assert.Equal("ready", (string?)skipped["status"]);
            Assert.Contains("DenseWeight", (string?)skipped["embeddings"]!["reason"]);
            Assert.Equal(0, (int)skipped["embeddings"]!["done"]!);
            Assert.NotEmpty(await AskAsync(client, "mức nộp tiền khi chuyển đất trồng lúa"));
            Assert.Equal(0, embedder.ChunksEmbedded);
        }
        finally
        {
            await factory.DisposeAsync();
            DeleteQuietly(dir);
        }
    }

    private static AssistantHostFactory NewHost(string dir, SlowTestDoubleEmbedder embedder, bool skipWhenUnused, string denseWeight = "0.5",
        Action<IServiceCollection>? decorate = null)
    {
        var corpus = Directory.CreateDirectory(Path.Combine(dir, "corpus")).FullName;
        foreach (var file in CorpusFiles)
        {
            var target = Path.Combine(corpus, file);
            if (!File.Exists(target)) File.Copy(Path.Combine(RepoPaths.Root, "data", "regulations", "hanoi", file), target);
        }

        var settings = new Dictionary<string, string?>
        {
            ["Corpus:Path"] = corpus,
            ["Embeddings:Background"] = "true",
            ["Embeddings:SkipWhenUnused"] = skipWhenUnused ? "true" : "false",
            // One call per source file, a commit after each: the test lets sources through one at a time.
            ["Embeddings:BatchSize"] = "1000",
            ["Embeddings:CommitEveryChunks"] = "1",
            ["Retrieval:DenseWeight"] = denseWeight,
            ["Triage:ModelPath"] = AssistantHostFactory.SharedTriageModel(Path.Combine(RepoPaths.Root, "data", "triage", Assistant.Triage.Classification.TrainingData.FileName)),
        };
        return new AssistantHostFactory(dir, indexBundledCorpus: true, settings, services =>
        {
            services.RemoveAll<EmbeddingHolder>();
            services.AddSingleton(new EmbeddingHolder(embedder));
            decorate?.Invoke(services);
        });
    }

    private static async Task<JObject> PollHealthAsync(HttpClient client, Func<JObject, bool> until)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        JObject last = new();
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync("healthz");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(text.StartsWith('{'), $"/healthz answered {(int)response.StatusCode} without JSON: '{text}'");
            last = JObject.Parse(text);
            if (last["embeddings"] is JObject && until(last)) return last;
            await Task.Delay(50);
        }

        throw new TimeoutException("/healthz never got there; last: " + last);
    }

    private static async Task<JArray> AskAsync(HttpClient client, string text)
    {
        var activity = new JObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "emulator",
            ["serviceUrl"] = "http://127.0.0.1:9/",
            ["deliveryMode"] = "expectReplies",
            ["conversation"] = new JObject { ["id"] = Guid.NewGuid().ToString() },
            ["from"] = new JObject { ["id"] = "citizen-1", ["role"] = "user" },
            ["recipient"] = new JObject { ["id"] = "bot" },
            ["locale"] = "vi-VN",
            ["text"] = text,
        };
        using var response = await client.PostAsync("api/messages", new StringContent(activity.ToString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JArray)JObject.Parse(await response.Content.ReadAsStringAsync())["activities"]!;
    }

    private static string NewDataDir() => Directory.CreateTempSubdirectory("assistant-bot-embed-").FullName;

    private static void DeleteQuietly(string dir)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Test double of a slow embedding model (no multilingual model is obtainable here): a call with one text (the size
/// probe, a question) answers at once; a batch of chunks waits until the test lets it through with
/// <see cref="ReleaseBatches"/>, honouring cancellation as a real model call would. Vectors are a hash of the words.
/// </summary>
public sealed class SlowTestDoubleEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    private const int Dimensions = 8;
    private readonly SemaphoreSlim _gate = new(0);
    private int _waiting;
    private int _served;
    private int _chunks;

    public int BatchesWaiting => Volatile.Read(ref _waiting);

    public int BatchesServed => Volatile.Read(ref _served);

    public int ChunksEmbedded => Volatile.Read(ref _chunks);

    public void ReleaseBatches(int count) => _gate.Release(count);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        if (texts.Count > 1)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await _gate.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }

            Interlocked.Increment(ref _served);
            Interlocked.Add(ref _chunks, texts.Count);
        }

        return new GeneratedEmbeddings<Embedding<float>>(texts.Select(Vector));
    }

    private static Embedding<float> Vector(string text)
    {
        var v = new float[Dimensions];
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            v[(word.GetHashCode(StringComparison.Ordinal) & 0x7fffffff) % Dimensions] += 1;
        }

        v[0] += 1;
        return new Embedding<float>(v);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() => _gate.Dispose();
}

/// <summary>
/// The host's real store, passed through, except that <see cref="IChunkStore.GetStatsAsync"/> called from a flow marked
/// with <see cref="HoldInThisFlow"/> reads the counts, says so (<see cref="StatsRead"/>) and returns them only after
/// <see cref="ReleaseStats"/>: a test can make a slow reader of the counts happen exactly where it wants it.
/// </summary>
public sealed class StatsHoldingStore(IChunkStore real) : IChunkStore, IChunkStoreExport, IChunkStoreTermStatistics
{
    private static readonly AsyncLocal<bool> Held = new();
    private readonly TaskCompletionSource _statsRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Calls made from here on in this async flow (until disposed) are held.</summary>
    public static IDisposable HoldInThisFlow()
    {
        Held.Value = true;
        return new Unhold();
    }

    /// <summary>Completed once a held call has read the counts.</summary>
    public Task StatsRead => _statsRead.Task;

    public void ReleaseStats() => _release.TrySetResult();

    public async Task<StoreStats> GetStatsAsync(CancellationToken ct)
    {
        var stats = await real.GetStatsAsync(ct);
        if (Held.Value)
        {
            _statsRead.TrySetResult();
            await _release.Task.WaitAsync(ct);
        }
        return stats;
    }

    public string Kind => real.Kind;

    public long Generation => real.Generation;

    public string Location => ((IChunkStoreExport)real).Location;

    public Task<StoreManifest?> GetManifestAsync(CancellationToken ct) => real.GetManifestAsync(ct);

    public Task EnsureManifestAsync(StoreManifest manifest, CancellationToken ct) => real.EnsureManifestAsync(manifest, ct);

    public Task<IReadOnlyDictionary<string, SourceRecord>> GetSourcesAsync(CancellationToken ct) => real.GetSourcesAsync(ct);

    public Task ReplaceSourceAsync(SourceRecord source, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken ct) => real.ReplaceSourceAsync(source, chunks, ct);

    public Task DeleteSourceAsync(string sourceId, CancellationToken ct) => real.DeleteSourceAsync(sourceId, ct);

    public Task CommitAsync(CancellationToken ct) => real.CommitAsync(ct);

    public Task<IReadOnlyList<SearchHit>> SearchAsync(StoreQuery query, CancellationToken ct) => real.SearchAsync(query, ct);

    public Task<IReadOnlyList<DocumentMetadata>> GetDocumentsAsync(CancellationToken ct) => real.GetDocumentsAsync(ct);

    public IAsyncEnumerable<(SourceRecord Source, IReadOnlyList<EmbeddedChunk> Chunks)> ExportAsync(CancellationToken ct) =>
        ((IChunkStoreExport)real).ExportAsync(ct);

    public TermStatistics GetTermStatistics(IReadOnlyCollection<(string Field, string Term)> terms) =>
        ((IChunkStoreTermStatistics)real).GetTermStatistics(terms);

    public ValueTask DisposeAsync() => real.DisposeAsync();

    private sealed class Unhold : IDisposable
    {
        public void Dispose() => Held.Value = false;
    }
}
