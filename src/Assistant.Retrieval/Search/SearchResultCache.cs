using Assistant.Retrieval.Storage;

namespace Assistant.Retrieval.Search;

/// <summary>
/// The last answers of the search service, least recently used first out. Citizens ask the same few questions all day
/// ("tách thửa cần giấy tờ gì"), and each costs the store search plus the ranker's features; a repeated one is answered
/// from here. Entries carry the store generation they were computed on and are dropped when it changes, so a cached
/// answer is never older than the index (no timer). Only requests without a caller filter are kept: their key is the
/// question, the access level and the options, all of which decide the answer.
/// </summary>
public sealed class SearchResultCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _order = new();
    private readonly Lock _gate = new();

    public int Capacity { get; } = capacity;

    public int Count
    {
        get { lock (_gate) return _map.Count; }
    }

    /// <summary>The key of a request, or null when the request is not cached (a caller filter, or no question).</summary>
    public static string? KeyOf(SearchRequest request, string ranker)
    {
        if (request.Filter != SearchFilter.None) return null;
        if (string.IsNullOrWhiteSpace(request.Query)) return null;
        return string.Join('\u001f', request.Access.MaxLevel, request.Top, request.CollapseArticles, request.Ranker ?? ranker, request.Query);
    }

    public bool TryGet(string key, long generation, out SearchResponse response)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var node))
            {
                if (node.Value.Generation == generation)
                {
                    _order.Remove(node);
                    _order.AddFirst(node);
                    response = node.Value.Response;
                    return true;
                }
                _order.Remove(node);
                _map.Remove(key);
            }
        }
        response = null!;
        return false;
    }

    public void Add(string key, long generation, SearchResponse response)
    {
        if (Capacity <= 0) return;
        lock (_gate)
        {
            if (_map.Remove(key, out var existing)) _order.Remove(existing);
            var node = _order.AddFirst(new Entry(key, generation, response));
            _map[key] = node;
            while (_map.Count > Capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
            }
        }
    }

    private sealed record Entry(string Key, long Generation, SearchResponse Response);
}
