using System.ComponentModel;
using Assistant.Access;
using Assistant.Conversation.Answering;
using Assistant.Retrieval.Search;
using Microsoft.SemanticKernel;

namespace Assistant.Conversation.Plugins;

/// <summary>
/// Semantic Kernel plugin over the retrieval core, for a model to call: regulation articles with exact citations.
/// Hosts call <see cref="LegalSearchService"/> themselves with their caller's scope.
/// </summary>
public sealed class RegulationSearchPlugin(LegalSearchService search, AccessPolicy access)
{
    public const string Name = "regulations";

    [KernelFunction("search_regulations")]
    [Description("Tìm các điều, khoản trong văn bản pháp luật đất đai (công khai) liên quan tới câu hỏi; trả về trích dẫn chính xác và đoạn trích.")]
    public async Task<IReadOnlyList<SourceCitation>> SearchPublicAsync(
        [Description("Câu hỏi hoặc từ khoá tiếng Việt, có hoặc không dấu")] string question,
        [Description("Số kết quả tối đa")] int top = 5,
        CancellationToken cancellationToken = default)
    {
        // A model cannot raise its own clearance: whoever it answers, it reads what an anonymous caller may read.
        var request = new SearchRequest { Query = question, Access = access.ScopeFor(CallerIdentity.Anonymous), Top = Math.Clamp(top, 1, 10) };
        var response = await search.SearchAsync(request, cancellationToken);
        return response.Results.Select(SourceCitations.From).ToList();
    }
}
