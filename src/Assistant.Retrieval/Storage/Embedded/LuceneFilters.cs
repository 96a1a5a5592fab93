using System.Globalization;
using Assistant.Access;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using F = Assistant.Retrieval.Storage.Embedded.LuceneFields;

namespace Assistant.Retrieval.Storage.Embedded;

/// <summary>The access scope and metadata filters as a Lucene query, and the documents it lets through as one bitset.</summary>
internal static class LuceneFilters
{
    public static Query For(AccessScope access, SearchFilter f)
    {
        var filter = new BooleanQuery { { new TermQuery(new Term(F.Kind, F.KindChunk)), Occur.MUST } };
        // The access scope is part of every query: there is no search path without it.
        filter.Add(AnyOf(F.Security, access.Allowed.Select(l => l.ToString()).ToList()), Occur.MUST);
        if (f.LawNumbers is { Count: > 0 })
        {
            var laws = new BooleanQuery();
            foreach (var n in f.LawNumbers)
            {
                laws.Add(new TermQuery(new Term(F.Law, n.Trim().ToUpperInvariant())), Occur.SHOULD);
                laws.Add(new TermQuery(new Term(F.Number, n.Trim().ToUpperInvariant())), Occur.SHOULD);
            }
            filter.Add(laws, Occur.MUST);
        }
        if (f.DocumentIds is { Count: > 0 }) filter.Add(AnyOf(F.Doc, f.DocumentIds), Occur.MUST);
        if (f.Types is { Count: > 0 }) filter.Add(AnyOf(F.Type, f.Types), Occur.MUST);
        if (f.Statuses is { Count: > 0 }) filter.Add(AnyOf(F.Status, f.Statuses), Occur.MUST);
        if (f.Articles is { Count: > 0 }) filter.Add(AnyOf(F.Article, f.Articles.Select(a => a.ToString(CultureInfo.InvariantCulture)).ToList()), Occur.MUST);
        // Legal chunks carry no corpus field, so "not archive" also holds for indexes written before the archive existed.
        var archive = new TermQuery(new Term(ArchiveFieldNames.Corpus, ArchiveFieldNames.CorpusArchive));
        switch (f.EffectiveArchive)
        {
            case ArchiveSelection.Exclude: filter.Add(archive, Occur.MUST_NOT); break;
            case ArchiveSelection.Only: filter.Add(archive, Occur.MUST); break;
        }
        foreach (var (field, values) in f.ArchiveKeyFilters()) filter.Add(AnyOf(field, values), Occur.MUST);
        return filter;
    }

    private static BooleanQuery AnyOf(string field, IReadOnlyCollection<string> values)
    {
        var q = new BooleanQuery();
        foreach (var v in values) q.Add(new TermQuery(new Term(field, v)), Occur.SHOULD);
        if (values.Count == 0) q.Add(new TermQuery(new Term(field, "\u0000none")), Occur.MUST);
        return q;
    }

    /// <summary>The live documents the filter lets through, by global doc id.</summary>
    public static FixedBitSet AllowedDocs(IndexReader reader, Filter filter)
    {
        var bits = new FixedBitSet(reader.MaxDoc);
        foreach (var leaf in reader.Leaves)
        {
            var set = filter.GetDocIdSet(leaf, leaf.AtomicReader.LiveDocs);
            var it = set?.GetIterator();
            if (it is null) continue;
            for (int doc = it.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.NextDoc())
                bits.Set(leaf.DocBase + doc);
        }
        return bits;
    }
}
