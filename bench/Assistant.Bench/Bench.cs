using System.Diagnostics;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Embeddings;
using Assistant.Retrieval.Ingestion;
using Assistant.Retrieval.Search;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Storage.Embedded;
using Microsoft.Extensions.AI;

namespace Assistant.Bench;

/// <summary>
/// The bench phases, in order: (1) indexing throughput on the bundled corpus, without and with embeddings;
/// (2) query latency on the corpus store through <see cref="LegalSearchService"/>; (3) a synthetic store of N chunks:
/// bulk write throughput, store search latency (lexical and lexical + dense) and a stage profile; (4) memory at the
/// end of each phase. Everything is timed with <see cref="Stopwatch"/>; temporary stores are deleted at the end.
/// </summary>
public sealed class Bench(BenchOptions options, TextWriter stdout, TextWriter progress)
{
    private const double IndexTargetChunksPerSecond = 2000;
    private const double P95TargetMs = 20;
    private const int EmbeddingBatch = 32;
    private const int SyntheticDocuments = 200;
    private const int CommitEverySources = 20;
    private const int SearchTop = 10;

    private readonly Report _report = new(stdout);
    private readonly RetrievalOptions _retrieval = new();
    private readonly string _tempRoot = Path.Combine(Path.GetTempPath(), $"assistant-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var repo = FindRepoRoot();
        var corpus = Path.GetFullPath(options.Corpus ?? Path.Combine(repo ?? ".", "data", "regulations"));
        if (!Directory.Exists(corpus))
        {
            await progress.WriteLineAsync($"Corpus folder not found: {corpus} (use --corpus DIR).");
            return 2;
        }
        var questions = CorpusLoader.LoadQuestions(
            Path.Combine(repo ?? ".", "eval", "dev-scenarios.jsonl"),
            Path.Combine(repo ?? ".", "eval", "dev-paraphrases.jsonl"));
        if (questions.Count == 0)
        {
            await progress.WriteLineAsync("No questions found in eval/dev-scenarios.jsonl and eval/dev-paraphrases.jsonl.");
            return 2;
        }

        var lexicon = LexiconData.Load(Path.Combine(AppContext.BaseDirectory, "data", "lexicon"));
        var analyzer = new VietnameseAnalyzer(lexicon);
        System.IO.Directory.CreateDirectory(_tempRoot);

        _report.Section("Environment");
        _report.Info("runtime", "Runtime", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
        _report.Info("os", "OS", System.Runtime.InteropServices.RuntimeInformation.OSDescription);
        _report.Info("cores", "Logical cores", Environment.ProcessorCount);
#if DEBUG
        _report.Info("configuration", "Build configuration", "Debug (figures are not representative: use -c Release)");
#else
        _report.Info("configuration", "Build configuration", "Release");
#endif
        _report.Info("corpus", "Corpus", corpus);
        _report.Info("questions", "Dev questions", questions.Count);
        _report.Info("options", "Options", $"--synthetic {options.Synthetic} --queries {options.Queries} --embed-sample {options.EmbedSample}{(options.Dense ? " --dense" : "")}{(options.Keep is null ? "" : " --keep " + options.Keep)}");

        MiniLmEmbeddingGenerator? minilm = null;
        try
        {
            var (corpusStore, loaded) = await IndexingPhaseAsync(corpus, analyzer, () => minilm ??= new MiniLmEmbeddingGenerator(), ct);
            await using (corpusStore)
            {
                await CorpusQueryPhaseAsync(corpus, corpusStore, analyzer, questions, () => minilm ??= new MiniLmEmbeddingGenerator(), ct);
            }
            minilm?.Dispose();
            minilm = null;
            if (options.Synthetic > 0)
                await SyntheticPhaseAsync(loaded.SelectMany(s => s.Chunks).ToList(), analyzer, questions, ct);
        }
        finally
        {
            minilm?.Dispose();
            DeleteQuietly(_tempRoot);
        }

        _report.Section("Summary");
        if (_report.Missed.Count == 0) _report.Info("targets", "Targets", "all met");
        else
            foreach (var (missed, i) in _report.Missed.Select((m, i) => (m, i)))
                _report.Info($"target_missed_{i + 1}", "Target missed", missed);
        _report.Json();
        return 0;
    }

    // ---------------------------------------------------------------- phase 1: indexing throughput

    private async Task<(LuceneChunkStore Store, IReadOnlyList<LoadedSource> Loaded)> IndexingPhaseAsync(
        string corpus, VietnameseAnalyzer analyzer, Func<MiniLmEmbeddingGenerator> minilm, CancellationToken ct)
    {
        _report.Section("1. Indexing throughput (bundled corpus)");
        var readers = DocumentReaders.CreateDefault();
        var chunker = new LegalChunker();

        // Cold run: includes JIT and first-time file reads; a fresh store each time.
        await progress.WriteLineAsync("[1] indexing the corpus without embeddings (cold run)…");
        IndexReport cold;
        await using (var store = new LuceneChunkStore(TempDir("corpus-cold"), analyzer))
            cold = await new IndexingPipeline(store, readers, chunker, null, null).IndexAsync([corpus], ct: ct);
        DeleteQuietly(TempDir("corpus-cold"));
        if (cold.HasFailures)
            foreach (var f in cold.Files.Where(f => f.Outcome == FileOutcome.Failed))
                _report.Note($"failed: {f.Path}: {f.Error}");
        _report.Info("corpus_files", "Files indexed", cold.Count(FileOutcome.Indexed));
        _report.Info("corpus_chunks", "Chunks (total)", cold.ChunksWritten);
        _report.Figure("index_noembed_cold_s", "Indexing without embeddings, cold run (incl. JIT)", cold.Elapsed.TotalSeconds, "s", 2);
        _report.Figure("index_noembed_cold_chunks_per_s", "Indexing without embeddings, cold run", cold.ChunksWritten / cold.Elapsed.TotalSeconds, "chunks/s", 0);

        // Warm run: the figure compared with the target. This store is kept for the query phase.
        await progress.WriteLineAsync("[1] indexing the corpus without embeddings (warm run)…");
        var corpusStore = new LuceneChunkStore(TempDir("corpus"), analyzer);
        var warm = await new IndexingPipeline(corpusStore, readers, chunker, null, null).IndexAsync([corpus], ct: ct);
        _report.Figure("index_noembed_s", "Indexing without embeddings, warm run", warm.Elapsed.TotalSeconds, "s", 2);
        _report.AtLeast("index_noembed_chunks_per_s", "Indexing without embeddings (IndexingPipeline, provider none)", warm.ChunksWritten / warm.Elapsed.TotalSeconds, "chunks/s", IndexTargetChunksPerSecond);

        // Where the time goes: extraction + structure + chunking, then the store writes alone.
        var sw = Stopwatch.StartNew();
        var loaded = await CorpusLoader.LoadAsync(corpus, readers, chunker, ct);
        sw.Stop();
        int chunks = loaded.Sum(s => s.Chunks.Count);
        _report.Figure("extract_chunk_s", "  of which read + structure + chunk (no store)", sw.Elapsed.TotalSeconds, "s", 2);
        _report.Figure("extract_chunk_chunks_per_s", "  read + structure + chunk", chunks / sw.Elapsed.TotalSeconds, "chunks/s", 0);
        var storeOnly = await WriteAsync(TempDir("corpus-store-only"), analyzer, loaded.Select(s => (s.Record, (IReadOnlyList<EmbeddedChunk>)s.Chunks.Select(c => new EmbeddedChunk(c, null)).ToList())), null, ct);
        DeleteQuietly(TempDir("corpus-store-only"));
        _report.Figure("store_write_s", "  store writes only (analyse + add + commit)", storeOnly.TotalSeconds, "s", 2);
        _report.Figure("store_write_chunks_per_s", "  store writes only", chunks / storeOnly.TotalSeconds, "chunks/s", 0);

        // With MiniLM embeddings, on a sample spread over the corpus.
        int n = Math.Min(options.EmbedSample, chunks);
        if (n > 0)
        {
            await progress.WriteLineAsync($"[1] embedding a sample of {n} chunks with MiniLM…");
            var all = loaded.SelectMany(s => s.Chunks).ToList();
            double step = all.Count / (double)n;
            var sample = Enumerable.Range(0, n).Select(i => all[(int)(i * step)]).ToList();
            var generator = minilm();
            sw.Restart();
            await generator.GenerateAsync(["thử"], cancellationToken: ct);
            sw.Stop();
            _report.Figure("embed_model_load_ms", "MiniLM model load + first call", sw.Elapsed.TotalMilliseconds, "ms", 0);

            var embedded = new List<EmbeddedChunk>(n);
            sw.Restart();
            for (int start = 0; start < sample.Count; start += EmbeddingBatch)
            {
                var batch = sample.Skip(start).Take(EmbeddingBatch).ToList();
                var vectors = await generator.GenerateAsync(batch.Select(c => c.IndexText), cancellationToken: ct);
                for (int j = 0; j < batch.Count; j++) embedded.Add(new EmbeddedChunk(batch[j], vectors[j].Vector.ToArray()));
            }
            sw.Stop();
            var embedTime = sw.Elapsed;
            var bySource = embedded.GroupBy(e => e.Chunk.SourceId)
                .Select(g => (loaded.First(s => s.Record.SourceId == g.Key).Record with { ChunkCount = g.Count() }, (IReadOnlyList<EmbeddedChunk>)g.ToList()));
            var writeTime = await WriteAsync(TempDir("embed-sample"), analyzer, bySource, new StoreManifest("1", MiniLmEmbeddingGenerator.ModelId, embedded[0].Vector!.Length), ct);
            DeleteQuietly(TempDir("embed-sample"));
            _report.Info("embed_sample_chunks", "Embedding sample (chunks, batches of 32)", n);
            _report.Figure("embed_sample_avg_chars", "  average IndexText length of the sample", sample.Average(c => c.IndexText.Length), "chars", 0);
            _report.Figure("embed_only_s", "  embedding only", embedTime.TotalSeconds, "s", 2);
            _report.Figure("embed_only_chunks_per_s", "  embedding only", n / embedTime.TotalSeconds, "chunks/s", 1);
            _report.Figure("embed_index_s", "  embedding + store writes", (embedTime + writeTime).TotalSeconds, "s", 2);
            _report.Figure("embed_index_chunks_per_s", "Indexing with MiniLM embeddings (embed + write, sample)", n / (embedTime + writeTime).TotalSeconds, "chunks/s", 1);
            _report.Figure("embed_full_corpus_estimate_s", "  estimated time to embed + index the whole corpus", chunks / (n / (embedTime + writeTime).TotalSeconds), "s", 0);
        }
        _report.Memory("indexing", "after indexing");
        return (corpusStore, loaded);
    }

    /// <summary>Writes sources through the store interface (one ReplaceSourceAsync per source, commit every 20 and at the end).</summary>
    private static async Task<TimeSpan> WriteAsync(string path, VietnameseAnalyzer analyzer,
        IEnumerable<(SourceRecord Record, IReadOnlyList<EmbeddedChunk> Chunks)> sources, StoreManifest? manifest, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        await using var store = new LuceneChunkStore(path, analyzer);
        await store.EnsureManifestAsync(manifest ?? new StoreManifest("1", null, 0), ct);
        int since = 0;
        foreach (var (record, chunks) in sources)
        {
            await store.ReplaceSourceAsync(record, chunks, ct);
            if (++since >= CommitEverySources)
            {
                await store.CommitAsync(ct);
                since = 0;
            }
        }
        await store.CommitAsync(ct);
        return sw.Elapsed;
    }

    // ---------------------------------------------------------------- phase 2: corpus query latency

    private async Task CorpusQueryPhaseAsync(string corpus, LuceneChunkStore store, VietnameseAnalyzer analyzer, IReadOnlyList<string> questions,
        Func<MiniLmEmbeddingGenerator> minilm, CancellationToken ct)
    {
        _report.Section("2. Query latency on the corpus store (LegalSearchService, access public, top 10)");
        var service = new LegalSearchService(store, analyzer, null, _retrieval);
        var sw = Stopwatch.StartNew();
        await service.SearchAsync(Request(questions[0]), ct);
        _report.Figure("corpus_first_query_ms", "Open store + first query", sw.Elapsed.TotalMilliseconds, "ms", 1);

        await progress.WriteLineAsync("[2] corpus queries, lexical only…");
        foreach (var q in questions) await service.SearchAsync(Request(q), ct);   // warm-up pass
        var lexical = new List<double>(options.Queries);
        for (int i = 0; i < options.Queries; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await service.SearchAsync(Request(questions[i % questions.Count]), ct);
            lexical.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        _report.Latency("corpus_lexical", "Corpus, lexical only", LatencyStats.From(lexical));

        if (!options.Dense)
        {
            _report.Note("dense corpus queries skipped: add --dense (embeds the whole corpus with MiniLM first)");
        }
        else
        {
            await progress.WriteLineAsync("[2] embedding + indexing the whole corpus with MiniLM for dense queries…");
            var generator = minilm();
            await using var denseStore = new LuceneChunkStore(TempDir("corpus-dense"), analyzer);
            var report = await new IndexingPipeline(denseStore, DocumentReaders.CreateDefault(), new LegalChunker(), generator, MiniLmEmbeddingGenerator.ModelId, EmbeddingBatch)
                .IndexAsync([corpus], ct: ct);
            _report.Figure("index_minilm_full_s", "Indexing the whole corpus with MiniLM", report.Elapsed.TotalSeconds, "s", 1);
            _report.Figure("index_minilm_full_chunks_per_s", "Indexing the whole corpus with MiniLM", report.ChunksWritten / report.Elapsed.TotalSeconds, "chunks/s", 1);

            // Not disposed here: disposing the wrapper would dispose the shared MiniLM generator.
            var timing = new TimingEmbeddingGenerator(generator);
            var denseService = new LegalSearchService(denseStore, analyzer, timing, _retrieval);
            await progress.WriteLineAsync("[2] corpus queries, lexical + dense…");
            foreach (var q in questions) await denseService.SearchAsync(Request(q), ct);   // warm-up pass
            var total = new List<double>(options.Queries);
            var embed = new List<double>(options.Queries);
            var rest = new List<double>(options.Queries);
            for (int i = 0; i < options.Queries; i++)
            {
                timing.Reset();
                var t = Stopwatch.GetTimestamp();
                var response = await denseService.SearchAsync(Request(questions[i % questions.Count]), ct);
                var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                total.Add(ms);
                embed.Add(timing.ElapsedMs);
                rest.Add(ms - timing.ElapsedMs);
                if (!response.UsedDense) throw new InvalidOperationException("The dense path was not used.");
            }
            _report.Latency("corpus_dense_total", "Corpus, lexical + dense (total)", LatencyStats.From(total));
            _report.Latency("corpus_dense_embed", "  of which MiniLM query embedding", LatencyStats.From(embed));
            _report.Latency("corpus_dense_search", "  of which search (store + rerank)", LatencyStats.From(rest));
        }
        _report.Memory("corpus_queries", "after corpus queries");
    }

    private static SearchRequest Request(string question) => new() { Query = question, Access = AccessScope.Public, Top = SearchTop };

    // ---------------------------------------------------------------- phase 3: synthetic store

    private async Task SyntheticPhaseAsync(IReadOnlyList<LegalChunk> corpusChunks, VietnameseAnalyzer analyzer, IReadOnlyList<string> questions, CancellationToken ct)
    {
        int n = options.Synthetic;
        _report.Section($"3. Synthetic store ({n:N0} chunks, {SyntheticDocuments} documents, 384-dim random unit vectors)");
        var path = options.Keep is { } keep ? Path.GetFullPath(keep) : TempDir("synthetic");
        var synthetic = new SyntheticCorpus(corpusChunks);
        _report.Info("synthetic_sentence_pool", "Sentence pool recombined from the corpus", synthetic.SentencePool);

        await using (var store = new LuceneChunkStore(path, analyzer))
        {
            var existing = await store.GetStatsAsync(ct);
            if (existing.Chunks > 0)
            {
                _report.Info("synthetic_reused", "Reused the store in --keep folder (no rebuild)", $"{existing.Chunks} chunks, {existing.Vectors} vectors");
            }
            else
            {
                await progress.WriteLineAsync($"[3] writing {n:N0} synthetic chunks…");
                await store.EnsureManifestAsync(new StoreManifest("1", "bench-random-unit-384", synthetic.Dimensions), ct);
                var write = new Stopwatch();
                var wall = Stopwatch.StartNew();
                int written = 0;
                for (int d = 0; d < SyntheticDocuments; d++)
                {
                    int count = n / SyntheticDocuments + (d < n % SyntheticDocuments ? 1 : 0);
                    if (count == 0) continue;
                    var doc = synthetic.Document(d);
                    var sourceId = $"/bench/synthetic/{doc.Id}.md";
                    var chunks = synthetic.Chunks(doc, sourceId, count);   // generation is not timed
                    var record = new SourceRecord(sourceId, $"synthetic-{d}", doc, "synthetic", chunks.Count, null, DateTimeOffset.UtcNow);
                    write.Start();
                    await store.ReplaceSourceAsync(record, chunks, ct);
                    if ((d + 1) % CommitEverySources == 0) await store.CommitAsync(ct);
                    write.Stop();
                    written += chunks.Count;
                    if ((d + 1) % 50 == 0) await progress.WriteLineAsync($"    {written:N0} chunks written…");
                }
                write.Start();
                await store.CommitAsync(ct);
                write.Stop();
                _report.Figure("synthetic_write_s", "Bulk write (ReplaceSourceAsync per document + CommitAsync every 20)", write.Elapsed.TotalSeconds, "s", 1);
                _report.Figure("synthetic_write_chunks_per_s", "Bulk write throughput (with vectors)", written / write.Elapsed.TotalSeconds, "chunks/s", 0);
                _report.Figure("synthetic_wall_s", "  wall time including generation", wall.Elapsed.TotalSeconds, "s", 1);
            }
            var stats = await store.GetStatsAsync(ct);
            _report.Figure("synthetic_store_mb", "Store size on disk", stats.SizeBytes / 1024.0 / 1024.0, "MB", 0);

            var access = AccessScope.Public;
            var vectors = questions.Select(_ => synthetic.RandomUnitVector()).ToArray();
            StoreQuery Query(int i, bool dense) => StoreQueryFor(analyzer, questions[i % questions.Count], dense ? vectors[i % questions.Count] : null, access);

            var sw = Stopwatch.StartNew();
            await store.SearchAsync(Query(0, false), ct);
            _report.Figure("synthetic_open_ms", "Open reader + load vectors + first query", sw.Elapsed.TotalMilliseconds, "ms", 0);

            // JIT warm-up on queries made of corpus sentences (not the measured questions, so their chunks stay uncached).
            for (int i = 0; i < 30; i++)
            {
                var q = StoreQueryFor(analyzer, synthetic.RandomSentence(), synthetic.RandomUnitVector(), access);
                await store.SearchAsync(q, ct);
                await store.SearchAsync(q with { Vector = null }, ct);
            }

            await progress.WriteLineAsync("[3] synthetic store queries…");
            // First sight of each question: the chunks it returns are read from stored fields and deserialised.
            var coldLexical = await TimeAsync(store, questions.Count, i => Query(i, false), ct);
            _report.Latency("synthetic_lexical_cold", "100k store, lexical, first pass (chunk cache cold)", coldLexical);
            var lexical = await TimeAsync(store, options.Queries, i => Query(i, false), ct);
            _report.Latency("synthetic_lexical", "100k store, lexical only (after warm-up pass)", lexical, P95TargetMs);
            var coldDense = await TimeAsync(store, questions.Count, i => Query(i, true), ct);
            _report.Latency("synthetic_dense_cold", "100k store, lexical + dense, first pass (chunk cache cold)", coldDense);
            var dense = await TimeAsync(store, options.Queries, i => Query(i, true), ct);
            _report.Latency("synthetic_dense", "100k store, lexical + dense (precomputed query vector)", dense, P95TargetMs);

            // The whole service on the big store (lexical): analysis, law-reference detection, rerank, article collapse.
            var service = new LegalSearchService(store, analyzer, null, _retrieval);
            foreach (var q in questions) await service.SearchAsync(Request(q), ct);
            var serviceSamples = new List<double>(options.Queries);
            for (int i = 0; i < options.Queries; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await service.SearchAsync(Request(questions[i % questions.Count]), ct);
                serviceSamples.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            _report.Latency("synthetic_service_lexical", "100k store, LegalSearchService lexical (end to end)", LatencyStats.From(serviceSamples));
            _report.Memory("synthetic", "after synthetic store queries");

            await progress.WriteLineAsync("[3] stage profile…");
            Profile(path, questions.Select((_, i) => Query(i, true)).ToList());
        }
        if (options.Keep is null) DeleteQuietly(path);
    }

    private StoreQuery StoreQueryFor(VietnameseAnalyzer analyzer, string question, float[]? vector, AccessScope access)
    {
        // Exactly what LegalSearchService sends to the store for a top-10 search with article collapsing.
        var query = VietnameseText.Nfc(question).Trim();
        if (query.Length > _retrieval.MaxQueryChars) query = query[.._retrieval.MaxQueryChars];
        return new StoreQuery
        {
            Access = access,
            Terms = analyzer.AnalyzeQuery(query),
            Vector = vector,
            Top = SearchTop * 4 + 20,
            Fusion = new FusionOptions(_retrieval.LexicalWeight, _retrieval.DenseWeight, _retrieval.RrfK, Math.Max(_retrieval.Candidates, SearchTop * 4)),
        };
    }

    private static async Task<LatencyStats> TimeAsync(IChunkStore store, int count, Func<int, StoreQuery> query, CancellationToken ct)
    {
        var samples = new List<double>(count);
        for (int i = 0; i < count; i++)
        {
            var q = query(i);
            var t = Stopwatch.GetTimestamp();
            await store.SearchAsync(q, ct);
            samples.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        return LatencyStats.From(samples);
    }

    private void Profile(string path, IReadOnlyList<StoreQuery> queries)
    {
        _report.Section("3b. Stage profile of a store search on the synthetic store (replica of LuceneChunkStore.SearchAsync, one pass over the questions)");
        const int PrunedClauses = 48;
        using var profiler = new StoreProfiler(path);
        profiler.Profile(queries.Take(20).ToList(), PrunedClauses);   // JIT warm-up of the replica
        var s = profiler.Profile(queries, PrunedClauses);
        _report.Info("profile_segments", "Index segments", profiler.Segments);
        _report.Figure("profile_terms_mean", "Query terms (clauses) per question, mean", s.Terms.Average(), "terms", 1);
        _report.Figure("profile_terms_max", "Query terms (clauses) per question, max", s.Terms.Max(), "terms", 0);
        _report.Figure("profile_fused_mean", "Fused candidates materialised per search, mean", s.FusedCandidates.Average(), "chunks", 1);
        void Stage(string key, string label, List<double> samples)
        {
            var st = LatencyStats.From(samples);
            _report.Figure($"profile_{key}_p50_ms", $"{label} p50", st.P50, "ms", 2);
            _report.Figure($"profile_{key}_p95_ms", $"{label} p95", st.P95, "ms", 2);
        }
        Stage("build", "Build BooleanQuery + filter query", s.BuildQuery);
        Stage("weight", "Create weight (term dictionary seeks, all segments)", s.Weight);
        Stage("lexical_filtered", "BM25 search under QueryWrapperFilter (as the store does)", s.LexicalFiltered);
        Stage("lexical_unfiltered", "BM25 search without filter", s.LexicalUnfiltered);
        Stage("lexical_bits", "BM25 search with a cached bitset filter (random access)", s.LexicalBitsFilter);
        Stage("lexical_pruned", $"BM25 search, query pruned to {PrunedClauses} clauses by weight×idf (incl. docFreq lookups)", s.LexicalPruned);
        Stage("lexical_pruned_bits", "BM25 search, pruned + cached bitset filter", s.LexicalPrunedBits);
        _report.Figure("profile_pruned_overlap_at10", "  top-10 overlap of the pruned query with the full query", s.PrunedOverlapAt10.Average() * 100, "%", 1);
        Stage("filter_bitset", "Filter → FixedBitSet for the dense scan (per query)", s.FilterBitset);
        Stage("dense_scan", "Dense exact scan, single thread", s.DenseScan);
        Stage("dense_scan_parallel", $"Dense exact scan, {Environment.ProcessorCount} threads, cached bitset", s.DenseScanParallel);
        Stage("load_fused", "Load + deserialise stored JSON of all fused candidates (cache miss)", s.LoadFused);
        Stage("load_top", "Load + deserialise only the Top (60) after fusion (cache miss)", s.LoadTop);
        _report.Figure("profile_cached_filter_build_ms", "One-off: build the cached bitset filter", profiler.CachedFilterBuildMs, "ms", 1);
        _report.Figure("profile_matrix_load_ms", "One-off: load the vector matrix from doc values", profiler.MatrixLoadMs, "ms", 0);
    }

    // ---------------------------------------------------------------- helpers

    private string TempDir(string name) => Path.Combine(_tempRoot, name);

    private static string? FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Assistant.sln"))) return dir.FullName;
        return null;
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
