using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Assistant.Retrieval.Tests.Evaluation;

/// <summary>
/// The frozen validation sets (eval/validation/) are only worth anything while nobody tunes on them. These tests make an
/// edit visible (the SHA-256 in the README must match) and keep the labels honest against the bundled data: every gold
/// article is a heading in its corpus file, every expected procedure code, time, paper and ward exists in data/.
/// </summary>
public sealed partial class FrozenValidationSetTests
{
    private static string ValidationDir => Path.Combine(RepoPaths.Eval, "validation");

    private static readonly Dictionary<string, string> CorpusFiles = new()
    {
        ["31/2024/QH15"] = RepoPaths.Law2024File,
        ["45/2013/QH13"] = RepoPaths.Law2013File,
        ["49/2026/NĐ-CP"] = RepoPaths.Decree49File,
        ["50/2026/NĐ-CP"] = RepoPaths.Decree50File,
    };

    private static readonly string[] RetrievalKinds =
        ["scenario", "title", "definition", "true-false", "comparison", "rare-term", "time-competence-procedure"];

    private static readonly string[] MultipartKinds =
        ["old-ward+procedure+place", "two-procedures", "split-commune+procedure", "procedure+time+papers"];

    [GeneratedRegex(@"^#### Điều (\d+)\.", RegexOptions.Multiline)]
    private static partial Regex ArticleHeading();

    [GeneratedRegex(@"^([0-9a-f]{64})  (frozen-[a-z-]+\.jsonl)$", RegexOptions.Multiline)]
    private static partial Regex HashLine();

    private static List<JsonElement> ReadLines(string fileName) =>
        File.ReadAllLines(Path.Combine(ValidationDir, fileName))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();

    private static HashSet<int> Articles(string corpusFile) =>
        ArticleHeading().Matches(File.ReadAllText(RepoPaths.Regulation(corpusFile)))
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToHashSet();

    [Fact]
    public void Retrieval_set_parses_and_every_gold_article_is_a_heading_in_its_corpus_file()
    {
        var lines = ReadLines("frozen-retrieval.jsonl");
        Assert.True(lines.Count >= 170, $"only {lines.Count} questions");
        var articles = CorpusFiles.ToDictionary(kv => kv.Key, kv => Articles(kv.Value));
        var questions = new HashSet<string>();
        foreach (var line in lines)
        {
            var question = line.GetProperty("question").GetString()!;
            Assert.True(questions.Add(question), $"repeated question: {question}");
            var kind = line.GetProperty("kind").GetString()!;
            Assert.Contains(kind, RetrievalKinds);
            var gold = line.GetProperty("gold").EnumerateArray().ToList();
            Assert.NotEmpty(gold);
            foreach (var g in gold)
            {
                var doc = g.GetProperty("documentNumber").GetString()!;
                var article = g.GetProperty("article").GetInt32();
                Assert.True(articles.ContainsKey(doc), $"unknown document {doc} in: {question}");
                Assert.True(articles[doc].Contains(article), $"{doc} has no Điều {article} (question: {question})");
            }
            if (kind == "comparison")
            {
                var docs = gold.Select(g => g.GetProperty("documentNumber").GetString()).ToHashSet();
                Assert.True(docs.Contains("31/2024/QH15") && docs.Contains("45/2013/QH13"),
                    $"a comparison needs an article from each law: {question}");
            }
        }
        // Roughly equal shares: no kind may be missing or dwarf the others.
        var counts = lines.GroupBy(l => l.GetProperty("kind").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.All(RetrievalKinds, k => Assert.True(counts.GetValueOrDefault(k) >= 20, $"kind {k}: {counts.GetValueOrDefault(k)}"));
    }

    [Fact]
    public void Multipart_set_expects_only_codes_times_papers_and_wards_that_exist_in_data()
    {
        var lines = ReadLines("frozen-multipart.jsonl");
        Assert.Equal(40, lines.Count);
        Assert.All(MultipartKinds, k => Assert.Equal(10, lines.Count(l => l.GetProperty("kind").GetString() == k)));

        using var procedures = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(RepoPaths.Root, "data", "procedures", "land_procedures_dongnai_2025_summary.json")));
        var byCode = procedures.RootElement.EnumerateArray()
            .ToDictionary(p => p.GetProperty("procedure_code").GetString()!, p => p);
        var mapping = ReadMapping();
        var newUnits = mapping.Values.SelectMany(v => v).ToHashSet();

        foreach (var line in lines)
        {
            var question = line.GetProperty("question").GetString()!;
            var parts = line.GetProperty("parts").EnumerateArray().ToList();
            Assert.True(parts.Count >= 2, $"a multi-part question asks two things or more: {question}");
            var codes = parts.Where(p => p.GetProperty("aspect").GetString() == "procedure")
                .Select(p => p.GetProperty("expect")[0].GetString()!).ToList();
            Assert.NotEmpty(codes);
            Assert.All(codes, c => Assert.True(byCode.ContainsKey(c), $"unknown procedure {c}: {question}"));
            foreach (var part in parts)
            {
                var aspect = part.GetProperty("aspect").GetString()!;
                var expect = part.TryGetProperty("expect", out var e) ? e.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
                var anyOf = part.TryGetProperty("anyOf", out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
                Assert.True(expect.Count + anyOf.Count > 0, $"part {aspect} expects nothing: {question}");
                switch (aspect)
                {
                    case "new-ward":
                    case "candidate-wards":
                        var source = line.GetProperty("source");
                        var key = (source.GetProperty("oldUnit").GetString()!, source.GetProperty("oldDistrict").GetString()!);
                        Assert.True(mapping.ContainsKey(key), $"old unit {key} not in the mapping");
                        Assert.Equal(mapping[key].Order(StringComparer.Ordinal), expect.Order(StringComparer.Ordinal));
                        Assert.Equal(aspect == "new-ward", expect.Count == 1);
                        Assert.All(expect, w => Assert.Contains(w, newUnits));
                        break;
                    case "time":
                        var times = string.Join("\n", byCode[codes[0]].GetProperty("processing_time").EnumerateArray().Select(x => x.GetString()));
                        Assert.All(expect, t => Assert.Contains(t, times, StringComparison.Ordinal));
                        break;
                    case "papers":
                        var papers = string.Join("\n", byCode[codes[0]].GetProperty("required_documents").EnumerateArray().Select(x => x.GetString()));
                        Assert.All(expect, p => Assert.Contains(p, papers, StringComparison.Ordinal));
                        break;
                    case "procedure":
                    case "place":
                    case "ask-address":
                        break;
                    default:
                        Assert.Fail($"unknown aspect {aspect}: {question}");
                        break;
                }
            }
            if (line.GetProperty("kind").GetString() == "split-commune+procedure")
                Assert.Contains(parts, p => p.GetProperty("aspect").GetString() == "ask-address");
            if (line.GetProperty("kind").GetString() == "two-procedures")
            {
                var order = line.GetProperty("order").EnumerateArray().Select(x => x.GetString()!).ToList();
                Assert.Equal(codes, order);
                Assert.Equal(2, codes.Distinct().Count());
            }
        }
    }

    [Fact]
    public void Frozen_files_match_the_sha256_recorded_in_the_readme()
    {
        var readme = File.ReadAllText(Path.Combine(ValidationDir, "README.md"));
        var recorded = HashLine().Matches(readme).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        Assert.Equal(["frozen-multipart.jsonl", "frozen-retrieval.jsonl"], recorded.Keys.Order(StringComparer.Ordinal));
        foreach (var (file, hash) in recorded)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(ValidationDir, file))));
            Assert.True(hash == actual, $"{file} changed since it was frozen (README {hash}, file {actual}); the set is no longer held out");
        }
    }

    /// <summary>Old unit (name, district) → the new units its area went to (more than one when it was split).</summary>
    private static Dictionary<(string, string), HashSet<string>> ReadMapping()
    {
        var map = new Dictionary<(string, string), HashSet<string>>();
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "data", "admin-units", "hanoi_old_to_new_mapping.csv"));
        var header = lines[0].Split(',');
        int oldName = Array.IndexOf(header, "old_commune_name"), district = Array.IndexOf(header, "old_district_name"),
            newName = Array.IndexOf(header, "new_name");
        foreach (var row in lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')))
        {
            var key = (row[oldName], row[district]);
            if (!map.TryGetValue(key, out var set)) map[key] = set = [];
            set.Add(row[newName]);
        }
        return map;
    }
}
