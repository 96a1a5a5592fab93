using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Assistant.Retrieval.Storage.Embedded;

/// <summary>
/// Passes on only the documents of an allowed bitset (global doc ids) to the inner collector. Filtering in the collector
/// keeps Lucene's fast out-of-order BooleanScorer; a query-time Filter would force doc-at-a-time scoring of every clause.
/// </summary>
internal sealed class AllowedDocsCollector(ICollector inner, FixedBitSet allowed) : ICollector
{
    private int _docBase;
    public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;
    public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        _docBase = context.DocBase;
        inner.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        if (allowed.Get(_docBase + doc)) inner.Collect(doc);
    }
}
