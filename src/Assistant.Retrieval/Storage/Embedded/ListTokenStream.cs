using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Assistant.Retrieval.Storage.Embedded;

/// <summary>
/// Feeds terms that <see cref="Analysis.VietnameseAnalyzer"/> already produced into Lucene, so that the embedded
/// BM25 index and Qdrant's sparse vectors are built from the very same analysis.
/// </summary>
internal sealed class ListTokenStream : TokenStream
{
    private readonly IReadOnlyList<string> _terms;
    private readonly ICharTermAttribute _term;
    private int _next;

    public ListTokenStream(IReadOnlyList<string> terms)
    {
        _terms = terms;
        _term = AddAttribute<ICharTermAttribute>();
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        if (_next >= _terms.Count) return false;
        _term.SetEmpty().Append(_terms[_next++]);
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _next = 0;
    }
}
