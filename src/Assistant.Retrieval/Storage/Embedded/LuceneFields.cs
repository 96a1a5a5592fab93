namespace Assistant.Retrieval.Storage.Embedded;

/// <summary>
/// The field names and document kinds of the embedded store's Lucene index. The bench's replicas of the store's
/// stages read the same index, so they take the names from here.
/// </summary>
internal static class LuceneFields
{
    public const string Kind = "kind", Id = "id", Source = "source", Doc = "doc", Law = "law", Number = "number",
        Type = "type", Status = "status", Article = "article", Security = "security", Json = "json", Vector = "vec", SourceId = "sid";

    /// <summary>Values of <see cref="Kind"/>: a chunk, or the record of one indexed source file.</summary>
    public const string KindChunk = "chunk", KindSource = "source";
}
