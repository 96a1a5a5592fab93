using System.Diagnostics;
using System.Globalization;
using Assistant.Access;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Search;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Storage.Embedded;

namespace Assistant.Bench;

/// <summary>
/// <c>--capacity N1,N2,…</c>: synthetic stores of growing size (the phase-3 generator, <see cref="SyntheticCorpus"/>, written
/// the same way: one ReplaceSourceAsync per document, a commit every 20), each measured through
/// <see cref="LegalSearchService"/> lexically and with the learned ranker (wall clock and thread CPU time), then a
/// least-squares line of p95 over size and the size at which it crosses 100 and 200 ms: where the embedded store stops
/// being enough and Qdrant (README, "Scaling out with Qdrant") should take over. With <c>--keep DIR</c> each store is kept
/// in <c>DIR/synthetic-N</c> and reused by the next run.
/// </summary>
public sealed class CapacityCurve(BenchOptions options, TextWriter stdout, TextWriter progress)
{
    private const int SyntheticDocuments = 200;
    private const int CommitEverySources = 20;
    private const int SearchTop = 10;
    private static readonly double[] ThresholdsMs = [100, 200];
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly Report _report = new(stdout);

    public async Task<int> RunAsync(string repo, CancellationToken ct)
    {
        var corpus = Path.GetFullPath(options.Corpus ?? Path.Combine(repo, "data", "regulations"));
        var questions = CorpusLoader.LoadQuestions(Path.Combine(repo, "eval", "dev-scenarios.jsonl"), Path.Combine(repo, "eval", "dev-paraphrases.jsonl"));
        if (!Directory.Exists(corpus) || questions.Count == 0)
        {
            await progress.WriteLineAsync($"Corpus ({corpus}) or dev questions (eval/dev-*.jsonl) not found.");
            return 2;
        }

        var lexiconDir = Path.Combine(AppContext.BaseDirectory, "data", "lexicon");
        var analyzer = new VietnameseAnalyzer(LexiconData.Load(lexiconDir));
        // No result cache: the curve measures the search, and the questions repeat.
        var rankerOptions = new RetrievalOptions
        {
            ResultCacheSize = 0,
            Ranker = RetrievalOptions.RankerLearned,
            RankerPath = Path.Combine(AppContext.BaseDirectory, "data", "ranker", ArticleRankerFactory.ModelFileName),
        };
        var reranker = ArticleRankerFactory.Create(rankerOptions, analyzer, QuestionCues.Load(lexiconDir));
        var keep = options.Keep is { } k ? Path.GetFullPath(k) : null;
        var temp = Path.Combine(Path.GetTempPath(), $"assistant-capacity-{Environment.ProcessId}");

        _report.Section("Capacity curve: query latency of the embedded store by size (LegalSearchService, access public, top 10)");
        _report.Info("runtime", "Runtime", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
        _report.Info("cores", "Logical cores", Environment.ProcessorCount);
        _report.Info("sizes", "Sizes (chunks)", string.Join(", ", options.Capacity!.Select(n => n.ToString("N0", Inv))));
        _report.Info("queries", "Measured queries per size and configuration (after one warm-up pass)", options.Queries);
        _report.Load("start", "at start");
        if (reranker is null)
        {
            _report.Note($"learned ranker skipped: no model at {rankerOptions.RankerPath}");
        }

        var corpusChunks = (await CorpusLoader.LoadAsync(corpus, DocumentReaders.CreateDefault(), new LegalChunker(), ct)).SelectMany(s => s.Chunks).ToList();
        var points = new List<Point>();
        try
        {
            foreach (var n in options.Capacity!)
            {
                var path = keep is null ? Path.Combine(temp, $"synthetic-{n}") : Path.Combine(keep, $"synthetic-{n}");
                points.Add(await MeasureSizeAsync(n, path, corpusChunks, analyzer, questions, rankerOptions, reranker, ct));
                if (keep is null)
                {
                    DeleteQuietly(path);
                }
            }
        }
        finally
        {
            DeleteQuietly(temp);
        }

        _report.Section("Fitted lines (least squares of p95 over size) and where p95 crosses each threshold");
        Fit("lexical", "lexical", points.Select(p => (p.Chunks, p.Lexical.P95)).ToList());
        Fit("lexical_cpu", "lexical, CPU time", points.Select(p => (p.Chunks, p.LexicalCpu.P95)).ToList());
        if (reranker is not null)
        {
            Fit("ranker", "with the learned ranker", points.Select(p => (p.Chunks, p.Ranker!.P95)).ToList());
            Fit("ranker_cpu", "with the learned ranker, CPU time", points.Select(p => (p.Chunks, p.RankerCpu!.P95)).ToList());
        }

        _report.Note("CPU time is the calling thread's (what the wall clock would show on an idle core); a wall figure far above it means other processes competed");
        _report.Json();
        return 0;
    }

    private void Fit(string key, string label, List<(int Chunks, double P95)> samples)
    {
        var usable = samples.Where(s => !double.IsNaN(s.P95)).ToList();
        var line = CapacityFit.Line(usable.Select(s => s.Chunks / 100_000.0).ToList(), usable.Select(s => s.P95).ToList());
        if (line is null)
        {
            _report.Note($"{label}: fewer than two sizes, no line");
            return;
        }

        var (slope, intercept) = line.Value;
        _report.Figure($"fit_{key}_ms_per_100k", $"p95 {label}: slope", slope, "ms per 100k chunks", 2, $"(intercept {intercept.ToString("0.0", Inv)} ms)");
        int largest = usable.Max(s => s.Chunks);
        foreach (var threshold in ThresholdsMs)
        {
            var crossing = CapacityFit.Crossing(slope, intercept, threshold);
            var text = crossing switch
            {
                null => "not reached (the line does not grow)",
                0 => "already at the smallest size (on a loaded machine: see the CPU-time line)",
                var hundredK => $"{hundredK * 100_000:N0} chunks{(hundredK * 100_000 > largest ? " (extrapolated beyond the largest size measured)" : "")}",
            };
            _report.Info($"fit_{key}_crosses_{threshold:0}ms", $"p95 {label} reaches {threshold:0} ms at", text);
        }
    }

    private async Task<Point> MeasureSizeAsync(int n, string path, IReadOnlyList<LegalChunk> corpusChunks, VietnameseAnalyzer analyzer,
        IReadOnlyList<string> questions, RetrievalOptions rankerOptions, ArticleReranker? reranker, CancellationToken ct)
    {
        var label = $"{n / 1000.0:0.#}k";
        _report.Section($"{n:N0} chunks");
        var synthetic = new SyntheticCorpus(corpusChunks);
        await using var store = new LuceneChunkStore(path, analyzer);
        var existing = await store.GetStatsAsync(ct);
        if (existing.Chunks == n)
        {
            _report.Info($"size_{n}_reused", "Reused the store in the --keep folder", path);
        }
        else
        {
            if (existing.Chunks > 0)
            {
                throw new InvalidOperationException($"{path} holds {existing.Chunks} chunks, not {n}: remove it or use another --keep folder.");
            }

            await progress.WriteLineAsync($"[capacity] writing {n:N0} synthetic chunks into {path}…");
            await store.EnsureManifestAsync(new StoreManifest("1", "bench-random-unit-384", synthetic.Dimensions), ct);
            var write = new Stopwatch();
            for (int d = 0; d < SyntheticDocuments; d++)
            {
                int count = n / SyntheticDocuments + (d < n % SyntheticDocuments ? 1 : 0);
                if (count == 0)
                {
                    continue;
                }

                var doc = synthetic.Document(d);
                var sourceId = $"/bench/synthetic/{doc.Id}.md";
                var chunks = synthetic.Chunks(doc, sourceId, count);
                var record = new SourceRecord(sourceId, $"synthetic-{d}", doc, "synthetic", chunks.Count, null, TimeProvider.System.GetUtcNow());
                write.Start();
                await store.ReplaceSourceAsync(record, chunks, ct);
                if ((d + 1) % CommitEverySources == 0)
                {
                    await store.CommitAsync(ct);
                }

                write.Stop();
            }

            write.Start();
            await store.CommitAsync(ct);
            write.Stop();
            _report.Figure($"size_{n}_write_chunks_per_s", "Bulk write throughput", n / write.Elapsed.TotalSeconds, "chunks/s", 0);
        }

        var stats = await store.GetStatsAsync(ct);
        _report.Figure($"size_{n}_store_mb", "Store size on disk", stats.SizeBytes / 1024.0 / 1024.0, "MB", 0);
        _report.Info($"size_{n}_segments", "Index segments", Segments(path));

        var lexicalService = new LegalSearchService(store, analyzer, null, new RetrievalOptions { ResultCacheSize = 0 });
        var sw = Stopwatch.StartNew();
        await lexicalService.SearchAsync(Request(questions[0]), ct);
        _report.Figure($"size_{n}_open_ms", "Open reader + load vectors + first query", sw.Elapsed.TotalMilliseconds, "ms", 0);
        await progress.WriteLineAsync($"[capacity] {label}: lexical queries…");
        var (lexical, lexicalCpu) = await TimeAsync(lexicalService, questions, ct);
        _report.Latency($"size_{n}_lexical", $"{label}, lexical", lexical, cpu: lexicalCpu);
        LatencyStats? ranker = null, rankerCpu = null;
        if (reranker is not null)
        {
            await progress.WriteLineAsync($"[capacity] {label}: queries with the learned ranker…");
            var rankerService = new LegalSearchService(store, analyzer, null, rankerOptions, reranker: reranker);
            (ranker, rankerCpu) = await TimeAsync(rankerService, questions, ct);
            _report.Latency($"size_{n}_ranker", $"{label}, lexical + learned ranker", ranker, cpu: rankerCpu);
        }

        _report.Memory($"size_{n}", $"{label} store open");
        return new Point(n, lexical, lexicalCpu, ranker, rankerCpu);
    }

    /// <summary>One warm-up pass over the questions, then <c>--queries</c> measured searches cycling through them.</summary>
    private async Task<(LatencyStats Wall, LatencyStats Cpu)> TimeAsync(LegalSearchService service, IReadOnlyList<string> questions, CancellationToken ct)
    {
        foreach (var q in questions)
        {
            await service.SearchAsync(Request(q), ct);
        }

        Bench.Settle();
        var wall = new List<double>(options.Queries);
        var cpu = new List<double>(options.Queries);
        for (int i = 0; i < options.Queries; i++)
        {
            int thread = Environment.CurrentManagedThreadId;
            var cpuStart = ThreadCpu.NowMs();
            var start = Stopwatch.GetTimestamp();
            await service.SearchAsync(Request(questions[i % questions.Count]), ct);
            wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            // CPU time is only comparable when the search resumed on the thread it started on.
            cpu.Add(Environment.CurrentManagedThreadId == thread ? ThreadCpu.NowMs() - cpuStart : double.NaN);
        }

        return (LatencyStats.From(wall), LatencyStats.From(cpu));
    }

    private static int Segments(string path)
    {
        using var dir = Lucene.Net.Store.FSDirectory.Open(new DirectoryInfo(path));
        using var reader = Lucene.Net.Index.DirectoryReader.Open(dir);
        return reader.Leaves.Count;
    }

    private static SearchRequest Request(string question) => new() { Query = question, Access = AccessScope.Public, Top = SearchTop };

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record Point(int Chunks, LatencyStats Lexical, LatencyStats LexicalCpu, LatencyStats? Ranker, LatencyStats? RankerCpu);
}

/// <summary>The arithmetic of the capacity curve, kept apart so it is unit-tested.</summary>
public static class CapacityFit
{
    /// <summary>Least-squares line y = slope·x + intercept; null with fewer than two distinct x.</summary>
    public static (double Slope, double Intercept)? Line(IReadOnlyList<double> x, IReadOnlyList<double> y) => LeastSquares.Line(x, y);

    /// <summary>The x at which the line reaches <paramref name="threshold"/>; null when it never does (flat or falling).</summary>
    public static double? Crossing(double slope, double intercept, double threshold)
    {
        if (slope <= 0)
        {
            return intercept >= threshold ? 0 : null;
        }

        return Math.Max(0, (threshold - intercept) / slope);
    }

    /// <summary>Sizes from "25000,50000,100k,1m" (k = thousand, m = million), ascending, distinct.</summary>
    public static IReadOnlyList<int> ParseSizes(string text)
    {
        var sizes = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var s = part.ToLowerInvariant().Replace("_", "", StringComparison.Ordinal);
            double factor = s.EndsWith('k') ? 1_000 : s.EndsWith('m') ? 1_000_000 : 1;
            if (factor > 1)
            {
                s = s[..^1];
            }

            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value * factor < SyntheticDocumentsMinimum || value * factor > int.MaxValue)
            {
                throw new ArgumentException($"--capacity needs sizes ≥ {SyntheticDocumentsMinimum} separated by commas (got '{part}').");
            }

            sizes.Add((int)Math.Round(value * factor));
        }

        return sizes.Count > 0 ? sizes.ToList() : throw new ArgumentException("--capacity needs at least one size.");
    }

    /// <summary>Every one of the 200 synthetic documents gets at least one chunk.</summary>
    private const int SyntheticDocumentsMinimum = 200;
}
