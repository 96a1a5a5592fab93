using Assistant.Access;
using Assistant.Retrieval.Storage;

namespace Assistant.Retrieval.Tests.Storage;

/// <summary>
/// A filter that lets few chunks through (one article of the corpus's 2,000-odd chunks) is searched filter-first by the
/// embedded store. What it returns must be what the whole-store search ranks for those chunks: the same chunks, in the
/// same order, and nothing the filter keeps out.
/// </summary>
[Collection(CorpusCollection.Name)]
public class SparseFilterSearchTests(CorpusFixture corpus)
{
    [Theory]
    [InlineData("tách thửa đất cần điều kiện gì", "31/2024/QH15", 220)]
    [InlineData("thời hạn giải quyết thủ tục đăng ký đất đai", "31/2024/QH15", 3)]
    [InlineData("hồ sơ cấp giấy chứng nhận lần đầu", "45/2013/QH13", 100)]
    public async Task A_one_article_filter_returns_that_articles_chunks_as_the_whole_store_ranks_them(string question, string law, int article)
    {
        var terms = corpus.Analyzer.AnalyzeQuery(question);
        var everything = await corpus.Store.SearchAsync(new StoreQuery { Access = AccessScope.Public, Terms = terms, Top = 5000 }, CancellationToken.None);
        var expected = everything.Where(h => h.Chunk.Article == article && string.Equals(h.Chunk.Document.LawNumber, law, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(expected);
        var chunks = (await corpus.Store.GetStatsAsync(CancellationToken.None)).Chunks;
        Assert.True(chunks > expected.Count * 20, $"the filter is sparse for this store ({expected.Count} of {chunks})");

        var filtered = await corpus.Store.SearchAsync(new StoreQuery
        {
            Access = AccessScope.Public,
            Terms = terms,
            Top = 5000,
            Filter = SearchFilter.None with { LawNumbers = [law], Articles = [article] },
        }, CancellationToken.None);

        // Scores are fused by rank, so they differ between the two lists; the order must not.
        Assert.Equal(expected.Select(h => h.Chunk.Id), filtered.Select(h => h.Chunk.Id));
    }
}
