using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Assistant.Indexer.Cli;
using Assistant.Retrieval.Storage;
using Assistant.Retrieval.Tests.Storage;

namespace Assistant.Retrieval.Tests.Cli;

/// <summary>The CLI reads configuration from ASSISTANT_* environment variables: lexical search only in these tests.</summary>
internal static class CliEnvironment
{
    public static void UseNoEmbeddings() => Environment.SetEnvironmentVariable("ASSISTANT_Embeddings__Provider", "none");

    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        UseNoEmbeddings();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>The bundled corpus indexed once through the CLI itself ("index data/regulations --store TMP").</summary>
public sealed class CliCorpusStore : IAsyncLifetime
{
    private readonly ScratchFolder _folder = new("assistant-cli-corpus-");

    public string StorePath => _folder.File("store");
    public (int Exit, string Out, string Err) IndexRun { get; private set; }

    public async Task InitializeAsync() =>
        IndexRun = await CliEnvironment.RunAsync("index", RepoPaths.Regulations, "--store", StorePath);

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection : ICollectionFixture<CliCorpusStore>
{
    public const string Name = "Cli";
}

[Collection(CliCollection.Name)]
public class IndexerCliTests : IDisposable
{
    private readonly CliCorpusStore _corpus;
    private readonly ScratchFolder _tmp = new("assistant-cli-");

    public IndexerCliTests(CliCorpusStore corpus)
    {
        _corpus = corpus;
        CliEnvironment.UseNoEmbeddings();
    }

    public void Dispose() => _tmp.Dispose();

    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) => CliEnvironment.RunAsync(args);

    private static bool LooksVietnamese(string text) =>
        Regex.IsMatch(text.ToLowerInvariant(), "[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]");

    private static string GoodDecision => StoreTestData.Decision("77/2025/QĐ-UBND", "QUYẾT ĐỊNH VỀ HẠN MỨC CÔNG NHẬN ĐẤT Ở",
        ("Phạm vi điều chỉnh", "Quyết định này quy định hạn mức công nhận đất ở cho hộ gia đình, cá nhân trên địa bàn zetaward."),
        ("Hạn mức công nhận", "1. Tại các phường: 150 m2.\n\n2. Tại các xã: 300 m2."));

    private static JsonElement[] ParseArray(string json)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    // ---- index -------------------------------------------------------------------------------------

    [Fact]
    public void Indexing_the_corpus_through_the_cli_succeeds()
    {
        var (exit, output, error) = _corpus.IndexRun;
        Assert.True(exit == ExitCodes.Ok, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("luat-dat-dai-2024_31-2024-QH15.md", output);
        Assert.Matches(@"Tổng: 12 tệp lập chỉ mục", output);
        Assert.DoesNotContain("✘", output);
    }

    [Fact]
    public async Task Bad_input_folder_gives_partial_exit_code_and_names_every_bad_file()
    {
        var input = _tmp.Folder("input");
        var random = new Random(20261126);
        byte[] Junk(int size)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            bytes[0] = 0x01; // never a real signature (%PDF, PK, PNG, JPEG, BM, GIF)
            return bytes;
        }
        await File.WriteAllBytesAsync(Path.Combine(input, "a.txt"), []);
        await File.WriteAllBytesAsync(Path.Combine(input, "b.pdf"), Junk(8192));
        await File.WriteAllBytesAsync(Path.Combine(input, "c.docx"), Junk(8192));
        await File.WriteAllBytesAsync(Path.Combine(input, "d.png"), Junk(4096));
        var big = Path.Combine(input, "e.txt");
        await using (var writer = new StreamWriter(big, false, new UTF8Encoding(false)))
        {
            var line = "Điều 1. Người sử dụng đất có quyền và nghĩa vụ theo quy định của Luật này.\n";
            while (writer.BaseStream.Length < 50L * 1024 * 1024) await writer.WriteAsync(string.Concat(Enumerable.Repeat(line, 2000)));
        }
        Assert.True(new FileInfo(big).Length >= 50L * 1024 * 1024);
        await File.WriteAllTextAsync(Path.Combine(input, "good.md"), GoodDecision);
        var store = _tmp.File("store");

        var (exit, output, error) = await Run("index", input, "--store", store);

        Assert.True(exit == ExitCodes.Partial, $"exit {exit}\n{output}\n{error}");
        var lines = output.Split('\n');
        string LineOf(string name) => Assert.Single(lines, l => l.Contains(name, StringComparison.Ordinal));
        foreach (var (name, keyword) in new[] { ("a.txt", "rỗng"), ("b.pdf", "PDF"), ("c.docx", "Word"), ("d.png", "ảnh"), ("e.txt", "quá lớn") })
        {
            var line = LineOf(name);
            Assert.Contains("✘", line);
            Assert.Contains(keyword, line);
            var message = line[(line.IndexOf('—') + 1)..];
            Assert.True(LooksVietnamese(message), $"not a Vietnamese error: {line}");
        }
        Assert.Contains("✔", LineOf("good.md"));
        Assert.Contains("Tổng: 1 tệp lập chỉ mục", output);
        Assert.Contains("5 lỗi", output);

        // The good file is searchable: it has no metadata, so it is Internal (not public).
        var (searchExit, json, searchErr) = await Run("search", "hạn mức công nhận đất ở zetaward", "--store", store, "--access", "internal", "--json");
        Assert.True(searchExit == ExitCodes.Ok, searchErr);
        var hits = ParseArray(json);
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal("77/2025/QĐ-UBND", h.GetProperty("documentNumber").GetString()));
        Assert.Equal("internal", hits[0].GetProperty("security").GetString());
        var (_, publicJson, _) = await Run("search", "hạn mức công nhận đất ở zetaward", "--store", store, "--json");
        Assert.Empty(ParseArray(publicJson));

        var (statsExit, stats, statsErr) = await Run("stats", "--store", store);
        Assert.True(statsExit == ExitCodes.Ok, statsErr);
        Assert.Contains("Tệp nguồn: 1 ", stats);
        Assert.Contains("77/2025/QĐ-UBND", stats);
        Assert.Contains("Mô hình nhúng: không có (0 chiều)", stats);
    }

    [Fact]
    public async Task Index_json_output_lists_every_file_with_its_outcome()
    {
        var input = _tmp.Folder("input");
        await File.WriteAllTextAsync(Path.Combine(input, "good.md"), GoodDecision);
        await File.WriteAllBytesAsync(Path.Combine(input, "empty.txt"), []);
        var (exit, json, error) = await Run("index", input, "--store", _tmp.File("store"), "--json");
        Assert.True(exit == ExitCodes.Partial, error);
        var files = ParseArray(json);
        Assert.Equal(2, files.Length);
        var good = Assert.Single(files, f => f.GetProperty("path").GetString()!.EndsWith("good.md", StringComparison.Ordinal));
        Assert.Equal("indexed", good.GetProperty("outcome").GetString());
        Assert.Equal(2, good.GetProperty("articles").GetInt32());
        var empty = Assert.Single(files, f => f.GetProperty("path").GetString()!.EndsWith("empty.txt", StringComparison.Ordinal));
        Assert.Equal("failed", empty.GetProperty("outcome").GetString());
        Assert.Contains("rỗng", empty.GetProperty("error").GetString());

        // Second run: the good file is unchanged, the still-broken file is reported again (partial).
        var (again, againJson, _) = await Run("index", input, "--store", _tmp.File("store"), "--json");
        Assert.Equal(ExitCodes.Partial, again);
        Assert.Equal("unchanged", ParseArray(againJson).Single(f => f.GetProperty("path").GetString()!.EndsWith("good.md", StringComparison.Ordinal)).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Unknown_option_is_a_user_error()
    {
        var (exit, _, error) = await Run("index", _tmp.Path, "--bogus", "--store", _tmp.File("store"));
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("--bogus", error);
        Assert.True(LooksVietnamese(error), error);

        var (searchExit, _, searchError) = await Run("search", "tách thửa", "--lwa", "45/2013/QH13");
        Assert.Equal(ExitCodes.UserError, searchExit);
        Assert.Contains("--lwa", searchError);
    }

    [Fact]
    public async Task Option_without_its_value_is_a_user_error()
    {
        var (exit, _, error) = await Run("search", "tách thửa", "--store");
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("--store", error);
    }

    [Fact]
    public async Task Unknown_command_is_a_user_error()
    {
        var (exit, output, error) = await Run("reindex", "--store", _tmp.File("store"));
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("reindex", error);
        Assert.Contains("index", error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task No_arguments_prints_usage_and_is_a_user_error_but_help_is_ok()
    {
        var (exit, output, _) = await Run();
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("assistant-indexer", output);
        var (helpExit, help, _) = await Run("--help");
        Assert.Equal(ExitCodes.Ok, helpExit);
        Assert.Contains("search", help);
        var (cmdHelpExit, cmdHelp, _) = await Run("search", "--help");
        Assert.Equal(ExitCodes.Ok, cmdHelpExit);
        Assert.Contains("--law", cmdHelp);
    }

    [Fact]
    public async Task Missing_path_is_reported_and_is_a_user_error()
    {
        var missing = Path.Combine(_tmp.Path, "khong-co-thu-muc-nay");
        var (exit, output, error) = await Run("index", missing, "--store", _tmp.File("store"));
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("khong-co-thu-muc-nay", output + error);
        Assert.Contains("Không tìm thấy", output + error);

        var (noPathExit, _, noPathError) = await Run("index", "--store", _tmp.File("store"));
        Assert.Equal(ExitCodes.UserError, noPathExit);
        Assert.True(LooksVietnamese(noPathError), noPathError);
    }

    [Fact]
    public async Task Store_locked_by_another_writer_is_a_system_error()
    {
        var input = _tmp.Folder("input");
        await File.WriteAllTextAsync(Path.Combine(input, "good.md"), GoodDecision);
        var storePath = _tmp.File("store");
        await using var holder = StoreTestData.OpenStore(storePath);
        var doc = StoreTestData.Metadata("holder", "1/2025/QĐ-UBND");
        await holder.ReplaceSourceAsync(StoreTestData.Source(doc, "/holder.md", 0), [], CancellationToken.None); // holds the lock

        var (exit, _, error) = await Run("index", input, "--store", storePath);
        Assert.Equal(ExitCodes.SystemError, exit);
        Assert.Contains("Lỗi kho dữ liệu", error);
    }

    [Fact]
    public async Task Store_of_another_embedding_model_is_refused_and_the_advised_new_store_works()
    {
        var storePath = _tmp.File("store");
        var doc = StoreTestData.Metadata("minilm", "2/2025/QĐ-UBND");
        await using (var store = StoreTestData.OpenStore(storePath))
        {
            await store.EnsureManifestAsync(new StoreManifest("1", "all-MiniLM-L6-v2", 384), CancellationToken.None);
            await store.ReplaceSourceAsync(StoreTestData.Source(doc, "/minilm.md", 1),
                [new EmbeddedChunk(StoreTestData.Chunk(doc, "/minilm.md", 1, "Nội dung."), StoreTestData.Axis(384, 0))], CancellationToken.None);
            await store.CommitAsync(CancellationToken.None);
        }
        var input = _tmp.Folder("input");
        await File.WriteAllTextAsync(Path.Combine(input, "good.md"), GoodDecision);

        var (exit, _, error) = await Run("index", input, "--store", storePath);
        Assert.Equal(ExitCodes.SystemError, exit);
        Assert.Contains("Lỗi kho dữ liệu", error);
        Assert.Contains("all-MiniLM-L6-v2", error);

        // The message advises a new store folder (--store): following the advice works, and the old store is untouched.
        Assert.Contains("--store", error);
        var (newExit, newOut, newErr) = await Run("index", input, "--store", _tmp.File("store-new"));
        Assert.True(newExit == ExitCodes.Ok, $"index into a new --store as advised: exit {newExit}\n{newOut}\n{newErr}");
        await using var old = StoreTestData.OpenStore(storePath);
        Assert.Equal("all-MiniLM-L6-v2", (await old.GetManifestAsync(CancellationToken.None))!.EmbeddingModel);
    }

    // ---- search ------------------------------------------------------------------------------------

    [Fact]
    public async Task Search_json_prints_hits_with_citation_fields()
    {
        var (exit, json, error) = await Run("search", "tách thửa đất hợp thửa đất", "--json", "--top", "5", "--store", _corpus.StorePath);
        Assert.True(exit == ExitCodes.Ok, error);
        var hits = ParseArray(json);
        Assert.Equal(5, hits.Length);
        foreach (var hit in hits)
        {
            Assert.Equal(JsonValueKind.String, hit.GetProperty("documentNumber").ValueKind);
            Assert.Equal(JsonValueKind.String, hit.GetProperty("documentTitle").ValueKind);
            Assert.Equal(JsonValueKind.Number, hit.GetProperty("article").ValueKind);
            Assert.True(hit.GetProperty("article").TryGetInt32(out _));
            Assert.Contains(hit.GetProperty("clause").ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
            Assert.Contains(hit.GetProperty("point").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
            Assert.False(string.IsNullOrWhiteSpace(hit.GetProperty("citation").GetString()));
            Assert.Equal(JsonValueKind.Number, hit.GetProperty("score").ValueKind);
            Assert.True(hit.GetProperty("score").GetDouble() > 0);
            Assert.False(string.IsNullOrWhiteSpace(hit.GetProperty("text").GetString()));
        }
        var first = hits[0];
        Assert.Equal("31/2024/QH15", first.GetProperty("documentNumber").GetString());
        Assert.Equal(220, first.GetProperty("article").GetInt32());
        Assert.StartsWith("Luật Đất đai", first.GetProperty("documentTitle").GetString());
        Assert.Contains("Điều 220", first.GetProperty("citation").GetString());
        // Vietnamese stays readable in the JSON (no \u escapes).
        Assert.Contains("Điều 220", json);
    }

    [Fact]
    public async Task Search_with_law_filter_returns_only_that_law()
    {
        var (exit, json, error) = await Run("search", "điều kiện cấp giấy chứng nhận", "--law", "45/2013/QH13", "--json", "--top", "10", "--store", _corpus.StorePath);
        Assert.True(exit == ExitCodes.Ok, error);
        var hits = ParseArray(json);
        Assert.Equal(10, hits.Length);
        Assert.All(hits, h => Assert.Equal("45/2013/QH13", h.GetProperty("documentNumber").GetString()));

        var (_, both, _) = await Run("search", "giá đất", "--law", "45/2013/QH13", "--law", "50/2026/NĐ-CP", "--json", "--top", "30", "--store", _corpus.StorePath);
        var laws = ParseArray(both).Select(h => h.GetProperty("documentNumber").GetString()!).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["45/2013/QH13", "50/2026/NĐ-CP"], laws);
    }

    [Fact]
    public async Task Search_text_output_lists_citations()
    {
        var (exit, output, error) = await Run("search", "theo luật đất đai 2013 thì điều kiện cấp giấy chứng nhận", "--store", _corpus.StorePath);
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("Văn bản được nhắc tới: 45/2013/QH13", output);
        Assert.Matches(new Regex(@"^1\. .*Luật Đất đai 2013 \(45/2013/QH13\)", RegexOptions.Multiline), output);
    }

    [Theory]
    [InlineData("--access", "secret")]
    [InlineData("--access", "2")]
    [InlineData("--status", "valid")]
    [InlineData("--top", "0")]
    [InlineData("--top", "abc")]
    public async Task Invalid_option_values_are_user_errors(string option, string value)
    {
        var (exit, _, error) = await Run("search", "tách thửa", option, value, "--store", _corpus.StorePath);
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains(option, error);
    }

    [Fact]
    public async Task Search_needs_exactly_one_question()
    {
        var (exit, _, _) = await Run("search", "--store", _corpus.StorePath);
        Assert.Equal(ExitCodes.UserError, exit);
        var (two, _, _) = await Run("search", "tách", "thửa", "--store", _corpus.StorePath);
        Assert.Equal(ExitCodes.UserError, two);
    }

    [Fact]
    public async Task Stats_describes_the_corpus_store()
    {
        var (exit, output, error) = await Run("stats", "--store", _corpus.StorePath);
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("Tệp nguồn: 12 ", output);
        Assert.Contains("31/2024/QH15", output);
        Assert.Contains("133/VBHN-VPQH", output);
        var (extra, _, _) = await Run("stats", "something", "--store", _corpus.StorePath);
        Assert.Equal(ExitCodes.UserError, extra);
    }

    // ---- eval --------------------------------------------------------------------------------------

    [Fact]
    public async Task Eval_prints_hit_rates_and_mrr()
    {
        var file = _tmp.File("tiny.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"question": "tách thửa đất hợp thửa đất", "gold": [{"documentNumber": "31/2024/QH15", "article": 220}]}""",
            "",
            """{"question": "tach thua dat", "gold": [{"documentNumber": "99/2099/QH99", "article": 1}]}""",
        ]);
        var (exit, output, error) = await Run("eval", file, "--store", _corpus.StorePath);
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("tiny.jsonl: 2 câu hỏi", output);
        Assert.Matches(@"Hit@1 0[.,]500", output);
        Assert.Matches(@"Hit@5 0[.,]500", output);
        Assert.Matches(@"MRR@10 0[.,]500", output);

        var (jsonExit, json, _) = await Run("eval", file, "--json", "--store", _corpus.StorePath);
        Assert.Equal(ExitCodes.Ok, jsonExit);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(2, doc.RootElement.GetProperty("questions").GetInt32());
        Assert.Equal(0.5, doc.RootElement.GetProperty("hit1").GetDouble(), 6);
        Assert.Equal(0.5, doc.RootElement.GetProperty("mrr10").GetDouble(), 6);

        var (failExit, failures, _) = await Run("eval", file, "--failures", "--store", _corpus.StorePath);
        Assert.Equal(ExitCodes.Ok, failExit);
        Assert.Contains("tach thua dat", failures);
        Assert.DoesNotContain("tách thửa đất hợp thửa đất\n", failures);
    }

    [Fact]
    public async Task Eval_reports_the_line_number_of_a_malformed_line()
    {
        var file = _tmp.File("broken.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"question": "tách thửa đất", "gold": [{"documentNumber": "31/2024/QH15", "article": 220}]}""",
            """{"question": "thiếu dấu đóng", "gold": [""",
        ]);
        var (exit, _, error) = await Run("eval", file, "--store", _corpus.StorePath);
        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("broken.jsonl:2:", error);

        var noGold = _tmp.File("nogold.jsonl");
        await File.WriteAllLinesAsync(noGold, ["", """{"question": "tách thửa đất"}"""]);
        var (noGoldExit, _, noGoldError) = await Run("eval", noGold, "--store", _corpus.StorePath);
        Assert.Equal(ExitCodes.UserError, noGoldExit);
        Assert.Contains("nogold.jsonl:2:", noGoldError);

        var (missingExit, _, missingError) = await Run("eval", _tmp.File("none.jsonl"), "--store", _corpus.StorePath);
        Assert.Equal(ExitCodes.UserError, missingExit);
        Assert.Contains("none.jsonl", missingError);
    }
}
