using System.Text.Json;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Search;
using Assistant.Retrieval.Storage;
using Microsoft.Extensions.DependencyInjection;
using Assistant.Access;

namespace Assistant.Indexer.Cli;

/// <summary>search "&lt;question&gt;": the best articles with their citations.</summary>
public sealed class SearchCommand : CliCommand
{
    public override string Name => "search";
    public override string Usage => "assistant-indexer search \"<câu hỏi>\" [--top N] [--json] [--law SỐ_HIỆU]... [--type LOẠI]... [--status in-force|amended|replaced|expired]... [--access public|internal|confidential] [--ranker none|learned] [--store THƯ_MỤC]";
    protected override IEnumerable<string> ValueOptions => ["top", "law", "type", "status", "access", "ranker"];
    protected override IEnumerable<string> FlagOptions => ["json"];

    protected override async Task<int> ExecuteAsync(CommandLine cl, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (cl.Positionals.Count != 1 || string.IsNullOrWhiteSpace(cl.Positionals[0]))
            throw new UserErrorException($"Cần đúng một câu hỏi (đặt trong ngoặc kép).\nCách dùng: {Usage}");
        var request = BuildRequest(cl, cl.Positionals[0], cl.Int("top", 5, 1, 100));
        var response = await services.GetRequiredService<LegalSearchService>().SearchAsync(request, ct);

        if (cl.Flag("json"))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(response.Results.Select(SearchJson.From), JsonOutput.Options));
            return ExitCodes.Ok;
        }
        if (response.References.LawNumbers.Count > 0)
            await stdout.WriteLineAsync($"Văn bản được nhắc tới: {string.Join(", ", response.References.LawNumbers)}");
        if (response.References.Unknown.Count > 0)
            await stdout.WriteLineAsync($"Chưa có trong kho: {string.Join(", ", response.References.Unknown)}");
        if (response.Results.Count == 0)
        {
            await stdout.WriteLineAsync("Không tìm thấy điều khoản phù hợp.");
            return ExitCodes.Ok;
        }
        foreach (var r in response.Results)
        {
            await stdout.WriteLineAsync($"{r.Rank}. {r.Chunk.Citation}  (độ liên quan {r.Score:0.0000})");
            if (r.Chunk.ArticleTitle is { } title) await stdout.WriteLineAsync($"   {title}");
            var text = r.Chunk.Text.ReplaceLineEndings(" ");
            await stdout.WriteLineAsync("   " + (text.Length > 300 ? text[..300] + "…" : text));
        }
        return ExitCodes.Ok;
    }

    internal static SearchRequest BuildRequest(CommandLine cl, string query, int top)
    {
        var statuses = cl.Values("status");
        foreach (var s in statuses)
            if (!DocumentStatus.All.Contains(s)) throw new UserErrorException($"--status '{s}' không hợp lệ (chọn: {string.Join(", ", DocumentStatus.All)}).");
        var access = cl.Value("access") ?? "public";
        if (!Enum.TryParse<SecurityLevel>(access, ignoreCase: true, out var level) || int.TryParse(access, out _))
            throw new UserErrorException($"--access '{access}' không hợp lệ (chọn: public, internal, confidential).");
        var ranker = cl.Value("ranker");
        if (ranker is not (null or RetrievalOptions.RankerNone or RetrievalOptions.RankerLearned)) throw new UserErrorException($"--ranker '{ranker}' không hợp lệ (chọn: none, learned).");
        return new SearchRequest
        {
            Query = query,
            Top = top,
            Ranker = ranker,
            Access = new AccessScope(level),
            Filter = new SearchFilter
            {
                LawNumbers = cl.Values("law").Count > 0 ? cl.Values("law").ToList() : null,
                Types = cl.Values("type").Count > 0 ? cl.Values("type").ToList() : null,
                Statuses = statuses.Count > 0 ? statuses.ToList() : null,
            },
        };
    }
}

/// <summary>The JSON shape of a search hit (documented in README.md; the bot and checks read it).</summary>
internal static class SearchJson
{
    public static object From(SearchResult r) => new
    {
        rank = r.Rank,
        documentNumber = r.Chunk.Document.LawNumber,
        documentTitle = r.Chunk.Document.Title,
        sourceDocumentNumber = r.Chunk.Document.Number,
        documentId = r.Chunk.Document.Id,
        documentType = r.Chunk.Document.Type,
        status = r.Chunk.Document.Status,
        security = r.Chunk.Document.Security.ToString().ToLowerInvariant(),
        article = r.Chunk.Article,
        articleTitle = r.Chunk.ArticleTitle,
        clause = r.Chunk.Clause,
        point = r.Chunk.Point,
        citation = r.Chunk.Citation,
        headingPath = r.Chunk.HeadingPath,
        page = r.Chunk.Page,
        score = Math.Round(r.Score, 6),
        text = r.Chunk.Text,
    };
}
