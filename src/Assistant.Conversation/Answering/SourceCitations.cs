using Assistant.Retrieval.Search;

namespace Assistant.Conversation.Answering;

/// <summary>A search hit as a reply cites it: the exact citation and a short excerpt.</summary>
public static class SourceCitations
{
    public static SourceCitation From(SearchResult r) =>
        new(r.Chunk.Citation, Excerpt(r.Chunk.Text), r.Chunk.Document.LawNumber, r.Chunk.Article);

    public static string Excerpt(string text, int max = 600)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max);
        return text[..(cut > max / 2 ? cut : max)] + "…";
    }
}
