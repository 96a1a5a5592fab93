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
using Assistant.Vietnamese;
using Assistant.Access;

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
    // The dense figures are measured at the smallest weight the product would turn the dense side on with (the shipped
    // default is 0: no query embedding); lexical services below get no generator, so the weight does not touch them.
    // No result cache: the bench cycles through its questions, and it measures the search, not a dictionary lookup.
    private readonly RetrievalOptions _retrieval = new() { DenseWeight = 0.02, ResultCacheSize = 0 };
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

        // Warm runs: the median of three, each into a fresh store, is the figure compared with the target.
        // The last store is kept for the query phase.
        const int WarmRuns = 3;
        await progress.WriteLineAsync($"[1] indexing the corpus without embeddings ({WarmRuns} warm runs)…");
        var rates = new List<double>();
        var cpuRates = new List<double>();
        LuceneChunkStore? corpusStore = null;
        using var self = Process.GetCurrentProcess();
        for (int run = 0; run < WarmRuns; run++)
        {
            Settle();
            var store = new LuceneChunkStore(TempDir($"corpus-{run}"), analyzer);
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var warm = await new IndexingPipeline(store, readers, chunker, null, null).IndexAsync([corpus], ct: ct);
            self.Refresh();
            rates.Add(warm.ChunksWritten / warm.Elapsed.TotalSeconds);
            cpuRates.Add(warm.ChunksWritten / (self.TotalProcessorTime - cpuBefore).TotalSeconds);
            if (run < WarmRuns - 1)
            {
                await store.DisposeAsync();
                DeleteQuietly(TempDir($"corpus-{run}"));
            }
            else corpusStore = store;
        }
        rates.Sort();
        _report.Figure("index_noembed_s", $"Indexing without embeddings, warm runs, median of {WarmRuns}", cold.ChunksWritten / rates[WarmRuns / 2], "s", 2);
        _report.AtLeast("index_noembed_chunks_per_s", "Indexing without embeddings (IndexingPipeline, provider none)", rates[WarmRuns / 2], "chunks/s", IndexTargetChunksPerSecond);
        _report.Figure("index_noembed_best_chunks_per_s", $"  best of {WarmRuns} warm runs", rates[^1], "chunks/s", 0);
        cpuRates.Sort();
        // Chunks per second of process CPU (all threads): a cost figure that competing processes do not change (on an
        // idle machine the wall-clock rate is higher, since Lucene flushes and merges on other threads).
        _report.Figure("index_noembed_chunks_per_cpu_s", "  per CPU-second of the process, all threads (median; cost view, not slowed by other processes)", cpuRates[WarmRuns / 2], "chunks/CPU-s", 0);

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
        // Inside the store writes: the two per-chunk steps the store does before Lucene sees the document.
        var allChunks = loaded.SelectMany(s => s.Chunks).ToList();
        sw.Restart();
        long tokens = 0;
        foreach (var c in allChunks)
        {
            var analysed = analyzer.AnalyzeForIndex(c.IndexText);
            tokens += analysed.Unigrams.Count + analysed.Bigrams.Count + analysed.FoldedUnigrams.Count + analysed.FoldedBigrams.Count;
        }
        sw.Stop();
        var analysisTime = sw.Elapsed;
        _report.Figure("store_write_analysis_s", "    of which Vietnamese analysis (AnalyzeForIndex, 4 fields)", sw.Elapsed.TotalSeconds, "s", 2);
        _report.Figure("store_write_tokens_per_chunk", "    tokens per chunk over the 4 lexical fields", tokens / (double)Math.Max(1, allChunks.Count), "tokens", 0);
        sw.Restart();
        long jsonChars = 0;
        foreach (var c in allChunks) jsonChars += System.Text.Json.JsonSerializer.Serialize(c, MetadataResolver.Json).Length;
        sw.Stop();
        var jsonTime = sw.Elapsed;
        _report.Figure("store_write_json_s", "    of which chunk JSON serialisation (stored field)", sw.Elapsed.TotalSeconds, "s", 2);
        _report.Figure("store_write_json_chars", "    stored JSON per chunk", jsonChars / (double)Math.Max(1, allChunks.Count), "chars", 0);
        _report.Figure("store_write_lucene_s", "    rest: Lucene inversion, stored fields, flush + commit", Math.Max(0, (storeOnly - analysisTime - jsonTime).TotalSeconds), "s", 2);

        // Candidate fixes for the write path, on a replica of the store's documents written with Lucene directly.
        WriterProfiler.Run(_tempRoot, analyzer, allChunks.Take(300).ToList(), [new("warm-up", 16, true), new("warm-up-1", 16, false)]);
        foreach (var (variant, elapsed) in WriterProfiler.Run(_tempRoot, analyzer, allChunks,
                 [new("store-like", 16, false), new("ram-256", 256, false), new("parallel", 16, true),
                  new("no-positions", 16, false, Positions: false), new("no-positions-ram-256", 256, false, Positions: false)]))
            _report.Figure($"writer_{variant.Name.Replace('-', '_')}_chunks_per_s",
                $"  write replica: {(variant.Parallel ? $"documents built + added on {Environment.ProcessorCount} threads" : "1 thread (as the store)")}, RAM buffer {variant.RamBufferMb:0} MB{(variant.Positions ? "" : ", lexical fields without positions")}",
                chunks / elapsed.TotalSeconds, "chunks/s", 0);

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
        return (corpusStore!, loaded);
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
        Settle();
        var lexical = new List<double>(options.Queries);
        var lexicalCpu = new List<double>(options.Queries);
        for (int i = 0; i < options.Queries; i++)
        {
            var (wall, cpu) = await MeasureAsync(() => service.SearchAsync(Request(questions[i % questions.Count]), ct));
            lexical.Add(wall);
            lexicalCpu.Add(cpu);
        }
        _report.Latency("corpus_lexical", "Corpus, lexical only", LatencyStats.From(lexical), cpu: LatencyStats.From(lexicalCpu));
        await RankerLatencyAsync(store, analyzer, questions, "corpus_ranker", "Corpus, lexical + learned ranker (top 50 articles)", null, ct);

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
            Settle();
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

    /// <summary>
    /// The service with the shipped ranker model (data/ranker/ranker.zip beside the bench) re-ranking the top 50 articles:
    /// one measured pass after a warm-up pass; the difference to the lexical figure is the ranker's cost per query.
    /// </summary>
    private async Task RankerLatencyAsync(IChunkStore store, VietnameseAnalyzer analyzer, IReadOnlyList<string> questions, string key, string label, double? target, CancellationToken ct)
    {
        var rankerOptions = new RetrievalOptions
        {
            DenseWeight = _retrieval.DenseWeight,
            ResultCacheSize = 0,
            Ranker = RetrievalOptions.RankerLearned,
            RankerPath = Path.Combine(AppContext.BaseDirectory, "data", "ranker", ArticleRankerFactory.ModelFileName),
        };
        var reranker = ArticleRankerFactory.Create(rankerOptions, analyzer, QuestionCues.Load(Path.Combine(AppContext.BaseDirectory, "data", "lexicon")));
        if (reranker is null)
        {
            _report.Note($"{label}: skipped, no ranker model at {rankerOptions.RankerPath}");
            return;
        }
        var service = new LegalSearchService(store, analyzer, null, rankerOptions, reranker: reranker);
        foreach (var q in questions) await service.SearchAsync(Request(q), ct);
        Settle();
        var samples = new List<double>(questions.Count);
        var cpuSamples = new List<double>(questions.Count);
        for (int i = 0; i < questions.Count; i++)
        {
            var (wall, cpu) = await MeasureAsync(() => service.SearchAsync(Request(questions[i]), ct));
            samples.Add(wall);
            cpuSamples.Add(cpu);
        }
        _report.Latency(key, label, LatencyStats.From(samples), target, LatencyStats.From(cpuSamples));
        await RankerStagesAsync(service, reranker, store as IChunkStoreTermStatistics, questions, key, ct);
    }

    /// <summary>
    /// Where the ranker's time goes, one pass over the questions, thread CPU time per stage: the candidates (store search of
    /// twice as many chunks as articles, priors), the question's profile, the feature vectors, and the model's scores by
    /// the tree walker the service uses and by ML.NET's prediction engine (same scores, the test says; here their cost).
    /// </summary>
    private async Task RankerStagesAsync(LegalSearchService service, ArticleReranker reranker, IChunkStoreTermStatistics? statistics,
        IReadOnlyList<string> questions, string key, CancellationToken ct)
    {
        if (!ThreadCpu.Available || reranker.Model is not { } model) return;
        var stages = new[] { "candidates", "profile", "features", "trees", "engine" }.ToDictionary(s => s, _ => new List<double>(questions.Count));
        foreach (var question in questions)
        {
            double t0 = ThreadCpu.NowMs();
            var (query, references, hits, _) = await service.CandidatesAsync(Request(question), Math.Max(SearchTop * 4 + 20, reranker.Candidates * 2), ct);
            double t1 = ThreadCpu.NowMs();
            var profile = reranker.Features.Profile(query, references);
            double t2 = ThreadCpu.NowMs();
            var vectors = reranker.Features.Extract(profile, ArticleReranker.Group(hits, reranker.Candidates), statistics);
            double t3 = ThreadCpu.NowMs();
            model.Score(vectors);
            double t4 = ThreadCpu.NowMs();
            model.ScoreWithPredictionEngine(vectors);
            double t5 = ThreadCpu.NowMs();
            stages["candidates"].Add(t1 - t0);
            stages["profile"].Add(t2 - t1);
            stages["features"].Add(t3 - t2);
            stages["trees"].Add(t4 - t3);
            stages["engine"].Add(t5 - t4);
        }
        _report.Latency($"{key}_stage_candidates", "  stage CPU: candidates (store search + priors)", LatencyStats.From(stages["candidates"]));
        _report.Latency($"{key}_stage_profile", "  stage CPU: question profile", LatencyStats.From(stages["profile"]));
        _report.Latency($"{key}_stage_features", "  stage CPU: feature vectors", LatencyStats.From(stages["features"]));
        _report.Latency($"{key}_stage_trees", "  stage CPU: model scores, tree walker (used)", LatencyStats.From(stages["trees"]));
        _report.Latency($"{key}_stage_engine", "  stage CPU: model scores, ML.NET prediction engine (not used)", LatencyStats.From(stages["engine"]));
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
                    var record = new SourceRecord(sourceId, $"synthetic-{d}", doc, "synthetic", chunks.Count, null, TimeProvider.System.GetUtcNow());
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
            var label = $"{n / 1000}k store";
            var (coldLexical, coldLexicalCpu) = await TimeAsync(store, questions.Count, i => Query(i, false), ct);
            _report.Latency("synthetic_lexical_cold", $"{label}, lexical, first pass (chunk cache cold)", coldLexical, cpu: coldLexicalCpu);
            var (lexical, lexicalCpu) = await TimeAsync(store, options.Queries, i => Query(i, false), ct);
            _report.Latency("synthetic_lexical", $"{label}, lexical only (after warm-up pass)", lexical, P95TargetMs, lexicalCpu);
            _report.Figure("synthetic_lexical_gc_pause_ms", $"{label}, lexical only: GC pause per query, mean", LastGcPausePerQueryMs, "ms", 2);
            var (coldDense, coldDenseCpu) = await TimeAsync(store, questions.Count, i => Query(i, true), ct);
            _report.Latency("synthetic_dense_cold", $"{label}, lexical + dense, first pass (chunk cache cold)", coldDense, cpu: coldDenseCpu);
            var (dense, denseCpu) = await TimeAsync(store, options.Queries, i => Query(i, true), ct);
            _report.Latency("synthetic_dense", $"{label}, lexical + dense (precomputed query vector)", dense, P95TargetMs, denseCpu);
            _report.Figure("synthetic_dense_gc_pause_ms", $"{label}, lexical + dense: GC pause per query, mean", LastGcPausePerQueryMs, "ms", 2);

            // The whole service on the big store (lexical): analysis, law-reference detection, rerank, article collapse.
            var service = new LegalSearchService(store, analyzer, null, _retrieval);
            foreach (var q in questions) await service.SearchAsync(Request(q), ct);
            // One measured pass after the warm-up pass: the store-level figures above are the ones with many samples.
            Settle();
            var serviceSamples = new List<double>(questions.Count);
            var serviceCpu = new List<double>(questions.Count);
            for (int i = 0; i < questions.Count; i++)
            {
                var (wall, cpu) = await MeasureAsync(() => service.SearchAsync(Request(questions[i % questions.Count]), ct));
                serviceSamples.Add(wall);
                serviceCpu.Add(cpu);
            }
            _report.Latency("synthetic_service_lexical", $"{label}, LegalSearchService lexical (end to end)", LatencyStats.From(serviceSamples), cpu: LatencyStats.From(serviceCpu));
            await RankerLatencyAsync(store, analyzer, questions, "synthetic_service_ranker", $"{label}, LegalSearchService + learned ranker (end to end)", P95TargetMs, ct);
            _report.Memory("synthetic", "after synthetic store queries");

            await progress.WriteLineAsync("[3] stage profile…");
            var denseQueries = questions.Select((_, i) => Query(i, true)).ToList();
            Profile(path, denseQueries, "3b. Stage profile of a store search (replica of LuceneChunkStore.SearchAsync on the same index, one pass over the questions)", "profile", full: true);
            await progress.WriteLineAsync("[3] proposed store search…");
            ProposedSearch(path, denseQueries);
            await progress.WriteLineAsync("[3] ForceMerge(1) experiment…");
            await MergedExperimentAsync(path, analyzer, questions, questions.Select((_, i) => Query(i, false)).ToList(), denseQueries, ct);
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
            Fusion = new FusionOptions(_retrieval.LexicalWeight, _retrieval.DenseWeight, _retrieval.RrfK, Math.Max(_retrieval.Candidates, SearchTop * 4), DenseRerankOnly: _retrieval.DenseWeight < _retrieval.DenseRerankBelowWeight),
        };
    }

    /// <summary>Wall-clock and thread-CPU latency of store searches (the embedded store answers synchronously, on this thread).</summary>
    private async Task<(LatencyStats Wall, LatencyStats Cpu)> TimeAsync(IChunkStore store, int count, Func<int, StoreQuery> query, CancellationToken ct)
    {
        Settle();
        var pause = GC.GetTotalPauseDuration();
        var wall = new List<double>(count);
        var cpu = new List<double>(count);
        for (int i = 0; i < count; i++)
        {
            var q = query(i);
            var (w, c) = await MeasureAsync(() => store.SearchAsync(q, ct));
            wall.Add(w);
            cpu.Add(c);
        }
        LastGcPausePerQueryMs = (GC.GetTotalPauseDuration() - pause).TotalMilliseconds / Math.Max(1, count);
        return (LatencyStats.From(wall), LatencyStats.From(cpu));
    }

    private double LastGcPausePerQueryMs { get; set; }

    /// <summary>
    /// Starts a measured block from a settled heap: garbage and finalizable objects left by the previous block (Lucene's
    /// MMapDirectory inputs leave many) would otherwise be collected, and billed, inside this one.
    /// </summary>
    internal static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Wall-clock and thread-CPU milliseconds of one call; CPU is NaN if the call resumed on another thread.</summary>
    private static async Task<(double Wall, double Cpu)> MeasureAsync(Func<Task> action)
    {
        int thread = Environment.CurrentManagedThreadId;
        var cpu = ThreadCpu.NowMs();
        var start = Stopwatch.GetTimestamp();
        await action();
        var wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return (wall, Environment.CurrentManagedThreadId == thread ? ThreadCpu.NowMs() - cpu : double.NaN);
    }

    private const int PrunedClauses = 48;
    private const double MaxDfRatio = 0.2;

    private StageSamples Profile(string path, IReadOnlyList<StoreQuery> queries, string title, string keyPrefix, bool full)
    {
        _report.Section(title);
        using var profiler = new StoreProfiler(path);
        profiler.Profile(queries.Take(20).ToList(), PrunedClauses, MaxDfRatio);   // JIT warm-up of the replica
        Settle();
        var s = profiler.Profile(queries, PrunedClauses, MaxDfRatio);
        var unit = StoreProfiler.CpuTimed ? "ms CPU" : "ms";
        if (full) _report.Note($"timings are {(StoreProfiler.CpuTimed ? "thread CPU time (immune to other processes on the cores), except the parallel scan (wall clock)" : "wall clock")}");
        _report.Info($"{keyPrefix}_segments", "Index segments", profiler.Segments);
        if (full) _report.Info($"{keyPrefix}_directory", "Lucene directory chosen by FSDirectory.Open", profiler.DirectoryKind);
        void Stage(string key, string label, List<double> samples)
        {
            var st = LatencyStats.From(samples);
            _report.Figure($"{keyPrefix}_{key}_p50_ms", $"{label} p50", st.P50, key == "dense_scan_parallel" ? "ms" : unit, 2);
            _report.Figure($"{keyPrefix}_{key}_p95_ms", $"{label} p95", st.P95, key == "dense_scan_parallel" ? "ms" : unit, 2);
        }
        if (full)
        {
            _report.Figure($"{keyPrefix}_terms_mean", "Query terms (clauses) per question, mean", s.Terms.Average(), "terms", 1);
            _report.Figure($"{keyPrefix}_terms_max", "Query terms (clauses) per question, max", s.Terms.Max(), "terms", 0);
            _report.Figure($"{keyPrefix}_fused_mean", "Fused candidates materialised per search, mean", s.FusedCandidates.Average(), "chunks", 1);
            Stage("build", "Build BooleanQuery + filter query", s.BuildQuery);
        }
        Stage("weight", "Create weight (term dictionary seeks in every segment)", s.Weight);
        Stage("lexical_filtered", "BM25 search under QueryWrapperFilter (as the store does, incl. weight)", s.LexicalFiltered);
        if (full)
        {
            Stage("lexical_unfiltered", "BM25 search without any filter", s.LexicalUnfiltered);
            Stage("lexical_bits", "BM25 search with a cached bitset filter (random access)", s.LexicalBitsFilter);
            Stage("lexical_collector", "BM25 search, access filter applied in the collector (cached bitset, out-of-order BooleanScorer)", s.LexicalCollector);
            _report.Figure($"{keyPrefix}_collector_overlap_at10", "  top-10 overlap with the store's filtered search (should be 100)", s.CollectorOverlapAt10.Average() * 100, "%", 1);
            Stage("lexical_topk", $"BM25, collector filter, query cut to the {PrunedClauses} clauses of highest weight×idf (incl. docFreq lookups)", s.LexicalTopK);
            _report.Figure($"{keyPrefix}_topk_overlap_at10", "  top-10 overlap of that pruned query with the full query", s.PrunedOverlapAt10.Average() * 100, "%", 1);
            Stage("lexical_dfcut", $"BM25, collector filter, clauses in > {MaxDfRatio:P0} of chunks dropped (incl. docFreq lookups)", s.LexicalDfCut);
            _report.Figure($"{keyPrefix}_dfcut_overlap_at10", "  top-10 overlap of that pruned query with the full query", s.DfCutOverlapAt10.Average() * 100, "%", 1);
            Stage("filter_bitset", "Filter → FixedBitSet for the dense scan (per query)", s.FilterBitset);
            Stage("dense_scan", "Dense exact scan, single thread", s.DenseScan);
            Stage("dense_scan_parallel", $"Dense exact scan, {Environment.ProcessorCount} threads, cached bitset (wall)", s.DenseScanParallel);
            Stage("load_fused", "Load + deserialise stored JSON of every fused candidate (as the store does, cache miss)", s.LoadFused);
            Stage("load_top", "Load + deserialise only the Top 60 after fusion (cache miss)", s.LoadTop);
            Stage("gc_pause", "GC pause during one pass of all stages", s.GcPause);
            _report.Figure($"{keyPrefix}_gc_pause_total_ms", "GC pause over the whole profile pass", profiler.TotalGcPauseMs, "ms", 0);
            _report.Info($"{keyPrefix}_gc_collections", "GC collections gen0/gen1/gen2 during the profile pass", profiler.Collections);
            _report.Info($"{keyPrefix}_gc_last_ephemeral", "Last ephemeral GC", profiler.LastEphemeralGc);
            _report.Note("the store's lexical search (QueryWrapperFilter) on each Lucene directory, each from a settled heap; FSDirectory.Open picks MMapDirectory here");
            foreach (var (kind, cpu, gcPause, gen0) in StoreProfiler.CompareDirectories(path, queries))
            {
                var k = kind.Replace("Directory", "").ToLowerInvariant();
                _report.Figure($"{keyPrefix}_dir_{k}_p50_ms", $"Store lexical search on {kind} p50", cpu.P50, unit, 2);
                _report.Figure($"{keyPrefix}_dir_{k}_p95_ms", $"Store lexical search on {kind} p95", cpu.P95, unit, 2);
                _report.Figure($"{keyPrefix}_dir_{k}_gc_pause_ms", $"  GC pause per search on {kind}, mean", gcPause / queries.Count, "ms", 2);
                _report.Figure($"{keyPrefix}_dir_{k}_gen0_per_search", $"  gen0 collections per search on {kind}", gen0 / (double)queries.Count, "", 2);
            }
            _report.Figure($"{keyPrefix}_cached_filter_build_ms", "One-off: build the cached bitset filter", profiler.CachedFilterBuildMs, unit, 1);
            _report.Figure($"{keyPrefix}_matrix_load_ms", "One-off: load the vector matrix from doc values", profiler.MatrixLoadMs, "ms", 0);
        }
        return s;
    }

    /// <summary>The proposed LuceneChunkStore search, end to end, on NIOFSDirectory, with and without clause pruning.</summary>
    private void ProposedSearch(string path, IReadOnlyList<StoreQuery> queries)
    {
        _report.Section("3c. Proposed store search (replica, end to end incl. dense scan, RRF and loading the Top 60; NIOFSDirectory)");
        _report.Note("access bitset cached per reader, applied in the collector and reused by the dense scan; no chunk cache; CPU time only for single-threaded variants");
        using var profiler = new StoreProfiler(path, nio: true);
        StoreProfiler.Proposal[] proposals =
        [
            new("exact", false, int.MaxValue),
            new("exact_parallel", false, int.MaxValue, Parallel: true),
            new("top64", false, 64),
            new("top64_parallel", false, 64, Parallel: true),
            new("folded_twins_dropped_top48", true, 48),
            new("folded_twins_dropped_top48_parallel", true, 48, Parallel: true),
        ];
        var threads = $"segments searched on {Environment.ProcessorCount} threads";
        var labels = new Dictionary<string, string>
        {
            ["exact"] = "same ranking as today",
            ["exact_parallel"] = $"same ranking as today, {threads}",
            ["top64"] = "64 clauses of highest weight×idf",
            ["top64_parallel"] = $"64 clauses of highest weight×idf, {threads}",
            ["folded_twins_dropped_top48"] = "folded twin of each accented clause dropped, then 48 clauses of highest weight×idf",
            ["folded_twins_dropped_top48_parallel"] = $"folded twins dropped, 48 clauses, {threads}",
        };
        foreach (var proposal in proposals)
        {
            var (wall, cpu, overlap, gc) = profiler.MeasureProposed(queries, proposal);
            var label = $"Proposed, {labels[proposal.Name]}";
            _report.Latency($"proposed_{proposal.Name}", label, wall, P95TargetMs, cpu);
            _report.Figure($"proposed_{proposal.Name}_overlap_at10", $"{label}: lexical top-10 overlap with today's store", overlap * 100, "%", 1);
            _report.Figure($"proposed_{proposal.Name}_gc_pause_ms", $"{label}: GC pause per query, mean", gc, "ms", 2);
        }
    }

    /// <summary>
    /// The same store after ForceMerge(1), on a copy: how much of the latency is per-segment overhead (every query
    /// term is looked up and scored segment by segment).
    /// </summary>
    private async Task MergedExperimentAsync(string path, VietnameseAnalyzer analyzer, IReadOnlyList<string> questions, IReadOnlyList<StoreQuery> lexicalQueries,
        IReadOnlyList<StoreQuery> denseQueries, CancellationToken ct)
    {
        var copy = TempDir("synthetic-merged");
        System.IO.Directory.CreateDirectory(copy);
        foreach (var file in System.IO.Directory.EnumerateFiles(path).Where(f => Path.GetFileName(f) != "write.lock"))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var sw = Stopwatch.StartNew();
        using (var dir = Lucene.Net.Store.FSDirectory.Open(new DirectoryInfo(copy)))
        using (var writer = new Lucene.Net.Index.IndexWriter(dir, new Lucene.Net.Index.IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, new Lucene.Net.Analysis.Core.KeywordAnalyzer())))
        {
            writer.ForceMerge(1);
            writer.Commit();
        }
        sw.Stop();
        _report.Section("3d. The same synthetic store after ForceMerge(1) (on a copy)");
        _report.Figure("merged_force_merge_s", "ForceMerge(1) time", sw.Elapsed.TotalSeconds, "s", 1);
        int count = Math.Min(options.Queries, lexicalQueries.Count);
        await using (var store = new LuceneChunkStore(copy, analyzer))
        {
            foreach (var q in lexicalQueries) await store.SearchAsync(q, ct);   // warm-up pass (fills the chunk cache)
            foreach (var q in denseQueries) await store.SearchAsync(q, ct);
            var (lexical, lexicalCpu) = await TimeAsync(store, count, i => lexicalQueries[i % lexicalQueries.Count], ct);
            _report.Latency("merged_lexical", "Merged store, lexical only", lexical, P95TargetMs, lexicalCpu);
            var (dense, denseCpu) = await TimeAsync(store, count, i => denseQueries[i % denseQueries.Count], ct);
            _report.Latency("merged_dense", "Merged store, lexical + dense", dense, P95TargetMs, denseCpu);
            // The shipped shape: the indexer merges the store after a bulk run (Store:MergeAfterChunks), and the bot re-ranks.
            await RankerLatencyAsync(store, analyzer, questions, "merged_service_ranker", "Merged store, LegalSearchService + learned ranker (end to end)", P95TargetMs, ct);
        }
        Profile(copy, denseQueries, "3e. Stage profile after ForceMerge(1)", "merged_profile", full: false);
        DeleteQuietly(copy);
    }

    // ---------------------------------------------------------------- helpers

    private string TempDir(string name) => Path.Combine(_tempRoot, name);

    internal static string? FindRepoRoot()
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
