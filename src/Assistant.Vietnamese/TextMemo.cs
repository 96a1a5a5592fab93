using System.Collections.Concurrent;

namespace Assistant.Vietnamese;

/// <summary>
/// A bounded memo of a pure function of a short text, looked up by span without allocating: two generations of at most
/// <c>capacity</c> entries each; when the newer one is full it becomes the older one and the oldest is dropped, so what
/// was used recently stays and memory stays bounded whatever text comes in. Safe for concurrent use; a value computed
/// twice by two threads at once is the same value.
/// </summary>
internal sealed class TextMemo<TValue>(int capacity)
{
    private sealed class Generation
    {
        public readonly ConcurrentDictionary<string, TValue> Entries = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> BySpan;
        public int Count;

        public Generation() => BySpan = Entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private volatile Generation _current = new();
    private volatile Generation _previous = new();

    public TValue Get(ReadOnlySpan<char> key, Func<string, TValue> compute)
    {
        var current = _current;
        if (current.BySpan.TryGetValue(key, out var value)) return value;
        if (_previous.BySpan.TryGetValue(key, out value))
        {
            Add(current, key.ToString(), value);
            return value;
        }
        var text = key.ToString();
        value = compute(text);
        Add(current, text, value);
        return value;
    }

    private void Add(Generation current, string key, TValue value)
    {
        if (!current.Entries.TryAdd(key, value)) return;
        if (Interlocked.Increment(ref current.Count) < capacity) return;
        lock (this)
        {
            if (_current != current) return;
            _previous = current;
            _current = new Generation();
        }
    }
}
