using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Assistant.Retrieval.Storage.Embedded;

/// <summary>
/// The documents of an allowed bitset (global doc ids) as a query filter, segment by segment: for a filter that lets few
/// chunks through, searching filter-first scores only those, where <see cref="AllowedDocsCollector"/> would score every
/// match in the store and drop most of them.
/// </summary>
internal sealed class AllowedDocsFilter(FixedBitSet allowed) : Filter
{
    public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
    {
        int docBase = context.DocBase, maxDoc = context.AtomicReader.MaxDoc, end = Math.Min(docBase + maxDoc, allowed.Length);
        var bits = new FixedBitSet(maxDoc);
        for (int doc = docBase < end ? allowed.NextSetBit(docBase) : -1; doc >= 0 && doc < end; doc = doc + 1 < end ? allowed.NextSetBit(doc + 1) : -1)
            if (acceptDocs is null || acceptDocs.Get(doc - docBase)) bits.Set(doc - docBase);
        return bits;
    }
}
