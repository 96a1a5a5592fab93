using System.Text.Json;
using Assistant.Access;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Search;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Tests.Cli;

namespace Assistant.Retrieval.Tests.Search;

/// <summary>The learned ranker over the bundled corpus indexed into a real Lucene store (no embeddings).</summary>
[Collection(CorpusCollection.Name)]
public class LearnedRankerTests(CorpusFixture corpus)
{
    private const string Law2024 = "31/2024/QH15";
    private static readonly QuestionCues Cues = QuestionCues.Load(RepoPaths.Lexicon);

    private async Task<(QuestionProfile Profile, List<ArticleCandidate> Group)> CandidatesAsync(RankingFeatures features, string question)
    {
        var (query, references, hits, _) = await corpus.Search.CandidatesAsync(new SearchRequest { Query = question, Access = AccessScope.Public }, 100);
        return (features.Profile(query, references), ArticleReranker.Group(hits, 50));
    }

    private static float Feature(float[] vector, string name) => vector[Array.IndexOf(RankingFeatures.Names, name)];

    [Fact]
    public void Question_kinds_come_from_the_cue_file_with_or_without_diacritics()
    {
        Assert.Contains(QuestionKinds.Definition, Cues.KindsOf("Chuyển mục đích sử dụng đất là gì?"));
        Assert.Contains(QuestionKinds.Competence, Cues.KindsOf("thu hoi dat thuoc co quan nao"));
        Assert.Contains(QuestionKinds.TrueFalse, Cues.KindsOf("Người nước ngoài được giao đất, đúng hay sai?"));
        Assert.Contains(QuestionKinds.Comparison, Cues.KindsOf("Luật 2024 khác gì so với luật 2013?"));
        Assert.Contains(QuestionKinds.Time, Cues.KindsOf("sang tên sổ đỏ mất bao lâu"));
        Assert.Empty(Cues.KindsOf("giấy chứng nhận"));
    }

    [Fact]
    public void The_store_tells_document_frequencies()
    {
        var bigram = corpus.Analyzer.AnalyzeForIndex("đất đai").Bigrams[0];
        var stats = corpus.Store.GetTermStatistics([(LexicalFields.Bigram, bigram), (LexicalFields.Unigram, "khôngcótừnày")]);
        Assert.True(stats.DocCount > 1000);
        Assert.InRange(stats.DocFreqs[(LexicalFields.Bigram, bigram)], 1, stats.DocCount);
        Assert.Equal(0, stats.DocFreqs[(LexicalFields.Unigram, "khôngcótừnày")]);
    }

    [Fact]
    public async Task Features_of_a_definition_question_mark_the_definitions_article_that_defines_the_term()
    {
        var features = new RankingFeatures(corpus.Analyzer, Cues);
        var (profile, group) = await CandidatesAsync(features, "Chuyển mục đích sử dụng đất là gì?");
        var vectors = features.Extract(profile, group, corpus.Store);

        Assert.Equal(group.Count, vectors.Length);
        Assert.All(vectors, v => Assert.Equal(RankingFeatures.Count, v.Length));
        Assert.All(vectors, v => Assert.All(v, x => Assert.True(float.IsFinite(x))));
        int definitions = group.FindIndex(c => c.Best.Chunk.Document.LawNumber == Law2024 && c.Best.Chunk.Article == 3);
        Assert.True(definitions >= 0, "Điều 3 LĐĐ 2024 is among the candidates");
        Assert.Equal(1f, Feature(vectors[definitions], "isDefinitions"));
        Assert.Equal(1f, Feature(vectors[definitions], "definedTermCoverage"));
        Assert.Equal(1f, Feature(vectors[definitions], "kind_definition"));
        Assert.Equal(0f, Feature(vectors[definitions], "kind_comparison"));
        // Điều 121 "Chuyển mục đích sử dụng đất": its whole title is said in the question.
        int titled = group.FindIndex(c => c.Best.Chunk.Document.LawNumber == Law2024 && c.Best.Chunk.Article == 121);
        Assert.True(titled >= 0);
        Assert.Equal(1f, Feature(vectors[titled], "titleCoverage"));
        Assert.True(Feature(vectors[titled], "bm25Title") > 0);
        Assert.Equal(0f, Feature(vectors[titled], "isDefinitions"));
        Assert.Equal(1f, Feature(vectors[0], "orderInv"));
    }

    [Fact]
    public async Task A_trained_model_loads_and_changes_the_order()
    {
        // A crafted teacher: the relevant article is the one whose title the question says best. The lexical order puts
        // Điều 116 first for this question; the model must put Điều 121 ("Chuyển mục đích sử dụng đất") first.
        var features = new RankingFeatures(corpus.Analyzer, Cues);
        var rows = new List<RankerRow>();
        uint group = 0;
        foreach (var question in new[]
        {
            "Chuyển nhượng quyền sử dụng đất", "Thu hồi đất vì mục đích quốc phòng, an ninh", "Bồi thường về đất khi Nhà nước thu hồi đất",
            "Giá đất", "Bảng giá đất", "Tách thửa đất, hợp thửa đất", "Đăng ký đất đai", "Thời hạn sử dụng đất", "Hạn mức giao đất nông nghiệp",
            "Quyền của người sử dụng đất", "Nghĩa vụ của người sử dụng đất", "Giao đất không thu tiền sử dụng đất", "Cho thuê đất",
            "Quy hoạch sử dụng đất cấp huyện", "Điều tra, đánh giá đất đai", "Tranh chấp đất đai", "Khiếu nại về đất đai", "Đất trồng lúa",
        })
        {
            var (profile, candidates) = await CandidatesAsync(features, question);
            var vectors = features.Extract(profile, candidates, corpus.Store);
            int best = Enumerable.Range(0, vectors.Length).MaxBy(i => Feature(vectors[i], "bm25Title"));
            for (int i = 0; i < vectors.Length; i++)
                rows.Add(new RankerRow { GroupId = group, Label = i == best ? 1f : 0f, Features = vectors[i] });
            group++;
        }
        using var scratch = new ScratchFolder("assistant-ranker-");
        var path = scratch.File(ArticleRankerFactory.ModelFileName);
        LearnedRankerModel.Train(rows, path, trees: 30);

        var reranker = ArticleRankerFactory.Create(new RetrievalOptions { Ranker = RetrievalOptions.RankerLearned, RankerPath = path }, corpus.Analyzer, Cues);
        Assert.NotNull(reranker);
        Assert.True(reranker.HasModel);
        var service = new LegalSearchService(corpus.Store, corpus.Analyzer, embeddings: null,
            new RetrievalOptions { Ranker = RetrievalOptions.RankerLearned, RankerPath = path }, reranker: reranker);
        const string Question = "Chuyển mục đích sử dụng đất là gì?";
        var lexical = await service.SearchAsync(new SearchRequest { Query = Question, Access = AccessScope.Public, Ranker = RetrievalOptions.RankerNone });
        var learned = await service.SearchAsync(new SearchRequest { Query = Question, Access = AccessScope.Public });

        Assert.Equal(116, lexical.Results[0].Chunk.Article);
        Assert.NotEqual(lexical.Results.Select(r => r.Chunk.Id), learned.Results.Select(r => r.Chunk.Id));
        // The definitions rule comes after the model: "là gì" with the term defined in Điều 3 puts Điều 3 first.
        Assert.Equal(3, learned.Results[0].Chunk.Article);
        Assert.Contains(learned.Results.Take(3), r => r.Chunk.Article == 121);
    }

    [Fact]
    public async Task The_tree_walker_scores_exactly_as_the_MLNET_prediction_engine_on_the_shipped_model()
    {
        // The shipped model, read both ways, on the real feature vectors of questions of every kind and on edge vectors
        // (all zero, a NaN feature, huge values): the scores must be the same floats, so the order cannot differ.
        var model = LearnedRankerModel.Load(Path.Combine(RepoPaths.Root, "data", "ranker", ArticleRankerFactory.ModelFileName));
        Assert.NotNull(model.Trees);
        Assert.Equal(200, model.Trees.TreeCount);
        var features = new RankingFeatures(corpus.Analyzer, Cues);
        var vectors = new List<float[]>();
        foreach (var question in new[]
        {
            "Chuyển mục đích sử dụng đất là gì?", "thu hoi dat thuoc co quan nao", "Người nước ngoài được giao đất, đúng hay sai?",
            "Luật 2024 khác gì so với luật 2013 về bồi thường?", "sang tên sổ đỏ mất bao lâu", "Điều kiện tách thửa đất theo Luật Đất đai 2024",
            "thẩm quyền giao đất thuộc về cơ quan nào", "hồ sơ đăng ký biến động đất đai gồm những gì",
        })
        {
            var (profile, group) = await CandidatesAsync(features, question);
            vectors.AddRange(features.Extract(profile, group, corpus.Store));
        }
        Assert.True(vectors.Count > 300, $"{vectors.Count} vectors");
        var nan = (float[])vectors[0].Clone();
        nan[4] = float.NaN;
        var huge = Enumerable.Repeat(1e30f, RankingFeatures.Count).ToArray();
        vectors.AddRange([new float[RankingFeatures.Count], nan, huge, huge.Select(x => -x).ToArray()]);

        var walked = model.Score([.. vectors]);
        var engine = model.ScoreWithPredictionEngine([.. vectors]);
        Assert.Equal(engine, walked);
        Assert.True(engine.Distinct().Count() > 50, "the vectors reach many different leaves");
    }

    [Fact]
    public async Task A_comparison_question_gets_an_article_of_each_law_among_the_first_three()
    {
        var reranker = new ArticleReranker(new RankingFeatures(corpus.Analyzer, Cues), model: null);
        var service = new LegalSearchService(corpus.Store, corpus.Analyzer, embeddings: null,
            new RetrievalOptions { Ranker = RetrievalOptions.RankerLearned }, reranker: reranker);
        var response = await service.SearchAsync(new SearchRequest
        {
            Query = "Bồi thường về đất khi Nhà nước thu hồi theo luật mới so với luật 2013 thay đổi gì?",
            Access = AccessScope.Public,
        });
        var laws = response.Results.Take(3).Select(r => r.Chunk.Document.LawNumber).Distinct().ToList();
        Assert.Contains(Law2024, laws);
        Assert.Contains("45/2013/QH13", laws);
    }

    [Fact]
    public async Task Without_a_usable_model_search_keeps_the_lexical_order()
    {
        using var scratch = new ScratchFolder("assistant-ranker-");
        var missing = new RetrievalOptions { Ranker = RetrievalOptions.RankerLearned, RankerPath = scratch.File("absent.zip") };
        Assert.Null(ArticleRankerFactory.Create(missing, corpus.Analyzer, Cues));
        var damaged = scratch.File("damaged.zip");
        await File.WriteAllTextAsync(damaged, "not a model");
        Assert.Null(ArticleRankerFactory.Create(new RetrievalOptions { Ranker = RetrievalOptions.RankerLearned, RankerPath = damaged }, corpus.Analyzer, Cues));

        var fallback = new LegalSearchService(corpus.Store, corpus.Analyzer, embeddings: null, missing, reranker: ArticleRankerFactory.Create(missing, corpus.Analyzer, Cues));
        const string Question = "Chuyển mục đích sử dụng đất là gì?";
        var a = await fallback.SearchAsync(new SearchRequest { Query = Question, Access = AccessScope.Public });
        var b = await corpus.Search.SearchAsync(new SearchRequest { Query = Question, Access = AccessScope.Public, Ranker = RetrievalOptions.RankerNone });
        Assert.Equal(b.Results.Select(r => r.Chunk.Id), a.Results.Select(r => r.Chunk.Id));
    }

    [Fact]
    public void The_holdout_split_is_fixed_by_the_question()
    {
        var questions = File.ReadLines(Path.Combine(RepoPaths.Eval, "dev-scenarios.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!).ToList();
        int held = questions.Count(RankerSplit.IsHoldout);
        Assert.InRange(held, questions.Count / 8, questions.Count / 2);
        Assert.All(questions, q => Assert.Equal(RankerSplit.IsHoldout(q), RankerSplit.IsHoldout(" " + q + " ")));
    }
}

/// <summary>train-ranker through the CLI over a one-decree store: twice, the same data hash and the same sidecar.</summary>
public class TrainRankerCommandTests
{
    [Fact]
    public async Task Training_twice_gives_the_same_data_hash()
    {
        using var tmp = new ScratchFolder("assistant-train-ranker-");
        var store = tmp.File("store");
        var index = await CliEnvironment.RunAsync("index", RepoPaths.Regulation(RepoPaths.Decree50File), "--store", store);
        Assert.Equal(0, index.Exit);
        var dev = tmp.File("dev.jsonl");
        await File.WriteAllLinesAsync(dev, Enumerable.Range(0, 12).Select(i =>
            JsonSerializer.Serialize(new { question = $"Câu hỏi số {i} về phạm vi điều chỉnh của nghị định", gold = new[] { new { documentNumber = "50/2026/NĐ-CP", article = 1 } } })));

        var first = await CliEnvironment.RunAsync("train-ranker", "--out", tmp.File("a"), "--dev", dev, "--trees", "10", "--store", store);
        var second = await CliEnvironment.RunAsync("train-ranker", "--out", tmp.File("b"), "--dev", dev, "--trees", "10", "--store", store);
        Assert.True(first.Exit == 0, first.Err);
        Assert.Equal(0, second.Exit);
        var a = await File.ReadAllTextAsync(tmp.File("a", ArticleRankerFactory.SidecarFileName));
        var b = await File.ReadAllTextAsync(tmp.File("b", ArticleRankerFactory.SidecarFileName));
        Assert.Equal(a, b);
        var sidecar = JsonDocument.Parse(a).RootElement;
        Assert.Matches("^[0-9a-f]{64}$", sidecar.GetProperty("dataHash").GetString());
        Assert.True(sidecar.GetProperty("rows").GetInt32() > 0);
        Assert.True(File.Exists(tmp.File("a", ArticleRankerFactory.ModelFileName)));
    }
}
