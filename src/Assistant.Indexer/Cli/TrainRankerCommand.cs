using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Assistant.Access;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Search;
using Assistant.Retrieval.Storage;
using Assistant.Vietnamese;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Assistant.Indexer.Cli;

/// <summary>
/// train-ranker --out DIR: builds the learned ranker's training data from sources that are not evaluation sets — questions
/// generated from the titles, definitions and clauses of the articles in the store, plus the "train" share of the
/// development sets (<see cref="RankerSplit"/>) — computes the features of each question's lexical candidates, trains
/// FastTree LambdaRank and writes ranker.zip with ranker.json (the SHA-256 of the training rows, counts, settings).
/// Same store, same files, same model: no clock and no random draw goes into it.
/// </summary>
public sealed class TrainRankerCommand : CliCommand
{
    public override string Name => "train-ranker";
    public override string Usage => "assistant-indexer train-ranker --out THƯ_MỤC [--dev TỆP.jsonl ...] [--trees N] [--store THƯ_MỤC]";
    protected override IEnumerable<string> ValueOptions => ["out", "dev", "trees"];

    private sealed record Gold(string DocumentNumber, int Article);
    private sealed record DevLine(string Question, List<Gold> Gold);
    private sealed record TrainingQuestion(string Question, string Source, IReadOnlyList<(string Law, int Article)> Gold);

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var outDir = cl.Value("out") ?? throw new UserErrorException($"Thiếu --out.\nCách dùng: {Usage}");
        var devFiles = cl.Values("dev").Count > 0 ? cl.Values("dev") : ["eval/dev-scenarios.jsonl", "eval/dev-paraphrases.jsonl"];
        int trees = cl.Int("trees", 200, 10, 2000);
        var store = services.GetRequiredService<IChunkStore>();
        if (store is not IChunkStoreExport export) throw new UserErrorException("Kho hiện tại không liệt kê được các đoạn (cần kho nhúng).");
        var search = services.GetRequiredService<LegalSearchService>();
        var options = services.GetRequiredService<IOptions<RetrievalOptions>>().Value;
        var features = new RankingFeatures(services.GetRequiredService<VietnameseAnalyzer>(),
            QuestionCues.Load(services.GetRequiredService<IOptions<DataOptions>>().Value.LexiconPath));

        var questions = new List<TrainingQuestion>();
        questions.AddRange(await GeneratedAsync(export, ct));
        int generated = questions.Count, devTrain = 0, devHeld = 0;
        foreach (var file in devFiles)
        {
            foreach (var line in LoadDev(file))
            {
                if (RankerSplit.IsHoldout(line.Question)) { devHeld++; continue; }
                devTrain++;
                questions.Add(new TrainingQuestion(line.Question, Path.GetFileName(file), line.Gold.Select(g => (g.DocumentNumber.Trim().ToUpperInvariant(), g.Article)).ToList()));
            }
        }
        if (questions.Count == 0) throw new UserErrorException("Không có câu hỏi huấn luyện nào (kho rỗng?).");

        int k = Math.Clamp(options.RankerCandidates, 2, 200);
        var rows = new List<RankerRow>();
        var text = new StringBuilder();
        int used = 0, noGold = 0;
        foreach (var q in questions)
        {
            ct.ThrowIfCancellationRequested();
            var request = new SearchRequest { Query = q.Question, Access = new AccessScope(SecurityLevel.Public), Ranker = RetrievalOptions.RankerNone };
            var (query, references, hits, _) = await search.CandidatesAsync(request, k * 2, ct);
            var group = ArticleReranker.Group(hits, k);
            var labels = group.Select(c => q.Gold.Any(g => c.Best.Chunk.Article == g.Article && Same(g.Law, c.Best.Chunk.Document)) ? 1f : 0f).ToArray();
            // A question whose gold is not among the candidates teaches the order of the candidates nothing.
            if (!labels.Contains(1f)) { noGold++; continue; }
            var vectors = features.Extract(features.Profile(query, references), group, store as IChunkStoreTermStatistics);
            for (int i = 0; i < group.Count; i++)
            {
                rows.Add(new RankerRow { GroupId = (uint)used, Label = labels[i], Features = vectors[i] });
                text.Append(used).Append('\t').Append(labels[i].ToString(CultureInfo.InvariantCulture));
                foreach (var v in vectors[i]) text.Append('\t').Append(v.ToString("R", CultureInfo.InvariantCulture));
                text.Append('\n');
            }
            used++;
        }

        Directory.CreateDirectory(outDir);
        var questionsPath = Path.Combine(outDir, "training-questions.jsonl");
        await File.WriteAllLinesAsync(questionsPath, questions.Select(q => JsonSerializer.Serialize(new
        {
            question = q.Question,
            source = q.Source,
            gold = q.Gold.Select(g => new { documentNumber = g.Law, article = g.Article }),
        }, JsonOutput.Options).ReplaceLineEndings("")), ct);
        var modelPath = Path.Combine(outDir, ArticleRankerFactory.ModelFileName);
        LearnedRankerModel.Train(rows, modelPath, trees);
        var dataHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        var sidecar = new
        {
            model = ArticleRankerFactory.ModelFileName,
            trainer = "ML.NET FastTree LambdaRank (Microsoft.ML.FastTree 5.0.1), seed 1, one thread",
            trees,
            leaves = 16,
            candidates = k,
            dataHash,
            questionsHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(questionsPath, ct))),
            questions = new { generated, devTrain, devHoldoutLeftOut = devHeld, withGoldAmongCandidates = used, withoutGold = noGold },
            rows = rows.Count,
            devSets = devFiles,
            split = "SHA-256 of the NFC question, first byte < 64 = hold-out (RankerSplit)",
            features = RankingFeatures.Names,
        };
        await File.WriteAllTextAsync(Path.Combine(outDir, ArticleRankerFactory.SidecarFileName), JsonSerializer.Serialize(sidecar, JsonOutput.Options) + "\n", ct);
        await stdout.WriteLineAsync($"Đã huấn luyện: {used} câu hỏi ({generated} sinh từ văn bản, {devTrain} phần train của tập phát triển; {devHeld} giữ lại; {noGold} không có đáp án trong ứng viên), {rows.Count} dòng · dữ liệu {dataHash[..16]} → {modelPath}");
        return ExitCodes.Ok;
    }

    private static bool Same(string gold, DocumentMetadata document) =>
        string.Equals(gold, document.LawNumber, StringComparison.OrdinalIgnoreCase) || string.Equals(gold, document.Number, StringComparison.OrdinalIgnoreCase);

    /// <summary>Templated questions from each article's title, its definitions and its first clause.</summary>
    private static async Task<List<TrainingQuestion>> GeneratedAsync(IChunkStoreExport export, CancellationToken ct)
    {
        var articles = new Dictionary<(string Law, int Article), List<LegalChunk>>();
        await foreach (var (source, chunks) in export.ExportAsync(ct))
        {
            if (source.Document.Security != SecurityLevel.Public) continue;
            foreach (var chunk in chunks.Select(c => c.Chunk))
            {
                if (chunk.Article is not { } a || chunk.ArticleSuffix is not null) continue;
                var key = (chunk.Document.LawNumber.ToUpperInvariant(), a);
                if (!articles.TryGetValue(key, out var list)) articles[key] = list = [];
                // The original and its consolidated text share a law number: one article, the first source's chunks.
                if (list.Count == 0 || list[0].SourceId == chunk.SourceId) list.Add(chunk);
            }
        }
        // A title that several laws share ("Phạm vi điều chỉnh") asks about no article unless the law is named.
        var titleLaws = articles.Where(a => !string.IsNullOrWhiteSpace(a.Value[0].ArticleTitle))
            .GroupBy(a => VietnameseText.FoldPhrase(a.Value[0].ArticleTitle!))
            .ToDictionary(g => g.Key, g => g.Select(a => a.Key.Law).Distinct().Count());

        var result = new List<TrainingQuestion>();
        foreach (var ((law, number), chunks) in articles.OrderBy(a => a.Key.Law, StringComparer.Ordinal).ThenBy(a => a.Key.Article))
        {
            var first = chunks[0];
            var title = first.ArticleTitle?.Trim().TrimEnd('.');
            if (string.IsNullOrWhiteSpace(title)) continue;
            var doc = first.Document;
            bool inForce = doc.Status is not (DocumentStatus.Replaced or DocumentStatus.Expired);
            bool shared = titleLaws[VietnameseText.FoldPhrase(title)] > 1;
            string lawName = doc.Aliases.FirstOrDefault() ?? doc.ShortTitle;
            string Named(string q) => shared || !inForce ? $"{q.TrimEnd('?')} theo {lawName}?" : q;
            var gold = new[] { (law, number) };
            int seed = Seed($"{law}#{number}");
            var lower = char.ToLowerInvariant(title[0]) + title[1..];
            var templates = new List<string>
            {
                $"{title} là gì?",
                $"Quy định về {lower} như thế nào?",
                $"Pháp luật quy định gì về {lower}?",
                $"{title} gồm những nội dung gì?",
                $"cho hỏi về {VietnameseText.Fold(lower)}",
                $"{lower}",
            };
            if (VietnameseText.FoldPhrase(title).StartsWith("tham quyen ", StringComparison.Ordinal))
                templates.Add($"Cơ quan nào có thẩm quyền {lower["thẩm quyền ".Length..]}?");
            if (VietnameseText.FoldPhrase(title).Contains("thoi han", StringComparison.Ordinal))
                templates.Add($"{title} là bao lâu?");
            for (int i = 0; i < 2; i++)
                result.Add(new TrainingQuestion(Named(templates[(seed + i * 3) % templates.Count]), "title", gold));

            // The first sentence of the article, as a statement to confirm (a true/false question) or bare.
            var sentence = FirstSentence(chunks);
            if (sentence is not null)
                result.Add(new TrainingQuestion(Named(seed % 2 == 0 ? $"{sentence}, đúng hay sai?" : sentence), "clause", gold));

            if (VietnameseText.FoldPhrase(title).Contains("giai thich tu ngu", StringComparison.Ordinal))
                foreach (var term in DefinedTerms(chunks))
                    result.Add(new TrainingQuestion(Named($"{term} là gì?"), "definition", gold));
        }
        return result;
    }

    private static string? FirstSentence(List<LegalChunk> chunks)
    {
        foreach (var line in chunks.SelectMany(c => c.Text.Split('\n')))
        {
            var words = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w.Length <= 3 && (char.IsDigit(w[0]) || w.EndsWith(')'))).ToList();
            if (words.Count < 8 || words[0].StartsWith("Điều", StringComparison.Ordinal)) continue;
            return string.Join(' ', words.Take(25)).TrimEnd(':', ';', '.', ',');
        }
        return null;
    }

    /// <summary>"3. Chuyển mục đích sử dụng đất là …" → "Chuyển mục đích sử dụng đất".</summary>
    private static IEnumerable<string> DefinedTerms(List<LegalChunk> chunks)
    {
        foreach (var line in chunks.SelectMany(c => c.Text.Split('\n')))
        {
            var m = System.Text.RegularExpressions.Regex.Match(line.Trim(), @"^\d+\.\s+(.{3,80}?)\s+là\s");
            if (m.Success) yield return m.Groups[1].Value.Trim();
        }
    }

    private static int Seed(string key) => BitConverter.ToUInt16(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0);

    private static List<DevLine> LoadDev(string path)
    {
        if (!File.Exists(path)) throw new UserErrorException($"Không tìm thấy tệp '{path}'.");
        return File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonSerializer.Deserialize<DevLine>(l, new JsonSerializerOptions(JsonSerializerDefaults.Web))!)
            .Where(l => l.Gold is { Count: > 0 })
            .ToList();
    }
}
