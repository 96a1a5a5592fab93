using System.ComponentModel;
using Assistant.Retrieval.Search;
using Assistant.Retrieval.Storage;
using Microsoft.SemanticKernel;
using Assistant.Access;

namespace Assistant.Conversation.Plugins;

/// <summary>Semantic Kernel plugin over the retrieval core: regulation articles with exact citations.</summary>
public sealed class RegulationSearchPlugin(LegalSearchService search)
{
    public const string Name = "regulations";

    /// <summary>Search with the caller's access scope; the scope is a parameter of the C# call, never left to a model.</summary>
    public async Task<SearchResponse> SearchAsync(string question, AccessScope access, int top, CancellationToken ct) =>
        await search.SearchAsync(new SearchRequest { Query = question, Access = access, Top = top }, ct);

    [KernelFunction("search_regulations")]
    [Description("Tìm các điều, khoản trong văn bản pháp luật đất đai (công khai) liên quan tới câu hỏi; trả về trích dẫn chính xác và đoạn trích.")]
    public async Task<IReadOnlyList<SourceCitation>> SearchPublicAsync(
        [Description("Câu hỏi hoặc từ khoá tiếng Việt, có hoặc không dấu")] string question,
        [Description("Số kết quả tối đa")] int top = 5,
        CancellationToken cancellationToken = default)
    {
        var response = await SearchAsync(question, AccessScope.Public, Math.Clamp(top, 1, 10), cancellationToken);
        return response.Results.Select(ToCitation).ToList();
    }

    public static SourceCitation ToCitation(SearchResult r) =>
        new(r.Chunk.Citation, Excerpt(r.Chunk.Text), r.Chunk.Document.LawNumber, r.Chunk.Article);

    public static string Excerpt(string text, int max = 600)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max);
        return text[..(cut > max / 2 ? cut : max)] + "…";
    }
}
