using System.Security.Cryptography;
using System.Text;
using Assistant.Bot.Hosting;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace Assistant.Bot.DirectLine;

/// <summary>A token handed to a Direct Line client: bound to one conversation, valid until <see cref="ExpiresAt"/>.</summary>
public sealed record DirectLineToken(string ConversationId, string Token, DateTimeOffset ExpiresAt, int ExpiresInSeconds);

public enum TokenCheck { Ok, Missing, Invalid, Expired, WrongConversation }

/// <summary>
/// In-memory Direct Line conversations: their activity logs (capped per conversation and in total, oldest
/// conversations evicted first) and their tokens (random, stored only as SHA-256 hashes, expiring).
/// Thread-safe; one lock guards the indexes, each conversation locks its own log.
/// </summary>
public sealed class DirectLineConversationStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<DirectLineConversation>> _conversations = new(StringComparer.Ordinal);
    private readonly LinkedList<DirectLineConversation> _byAge = new();
    private readonly Dictionary<string, TokenEntry> _tokens = new(StringComparer.Ordinal);
    private readonly DirectLineOptions _options;
    private readonly TimeProvider _time;
    private DateTimeOffset _lastSweep;
    private long _totalBytes;

    public DirectLineConversationStore(IOptions<BotHostOptions> options, TimeProvider time)
    {
        _options = options.Value.DirectLine;
        _time = time;
        _lastSweep = time.GetUtcNow();
    }

    /// <summary>Approximate size of all kept activity logs (UTF-16 characters × 2).</summary>
    public long TotalBytes => Interlocked.Read(ref _totalBytes);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _conversations.Count;
            }
        }
    }

    /// <summary>A new conversation with its first token.</summary>
    public (DirectLineConversation Conversation, DirectLineToken Token) Create()
    {
        SweepIfDue();
        var conversation = new DirectLineConversation(NewId(16), Math.Max(1, _options.MaxActivitiesPerConversation), _time, this);
        lock (_gate)
        {
            _conversations[conversation.Id] = _byAge.AddLast(conversation);
            while (_conversations.Count > Math.Max(1, _options.MaxConversations))
            {
                RemoveLocked(_byAge.First!.Value);
            }
        }

        return (conversation, IssueToken(conversation));
    }

    /// <summary>A fresh token for the conversation (creation, refresh); earlier tokens stay valid until they expire.</summary>
    public DirectLineToken IssueToken(DirectLineConversation conversation)
    {
        var token = NewId(32);
        var lifetime = _options.TokenLifetime > TimeSpan.Zero ? _options.TokenLifetime : TimeSpan.FromMinutes(30);
        var expires = _time.GetUtcNow() + lifetime;
        lock (_gate)
        {
            if (_conversations.ContainsKey(conversation.Id))
            {
                var hash = Hash(token);
                _tokens[hash] = new TokenEntry(conversation.Id, expires);
                conversation.TokenHashes.Add(hash);
            }
        }

        return new DirectLineToken(conversation.Id, token, expires, (int)lifetime.TotalSeconds);
    }

    /// <summary>
    /// Checks "Authorization: Bearer TOKEN" against the conversation named in the URL (or, when
    /// <paramref name="conversationId"/> is null, returns the conversation the token is bound to).
    /// </summary>
    public TokenCheck Check(string? authorization, string? conversationId, out DirectLineConversation? conversation)
    {
        conversation = null;
        const string prefix = "Bearer ";
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return TokenCheck.Missing;
        }

        var token = authorization[prefix.Length..].Trim();
        if (token.Length is 0 or > 256)
        {
            return TokenCheck.Invalid;
        }

        var hash = Hash(token);
        lock (_gate)
        {
            if (!_tokens.TryGetValue(hash, out var entry) || !_conversations.TryGetValue(entry.ConversationId, out var node))
            {
                return TokenCheck.Invalid;
            }

            if (entry.ExpiresAt <= _time.GetUtcNow())
            {
                return TokenCheck.Expired;
            }

            if (conversationId is not null && !string.Equals(conversationId, entry.ConversationId, StringComparison.Ordinal))
            {
                return TokenCheck.WrongConversation;
            }

            conversation = node.Value;
            return TokenCheck.Ok;
        }
    }

    /// <summary>
    /// Drops expired tokens, conversations nobody can reach any more (no live token), and conversations idle for longer
    /// than Bot:DirectLine:IdleExpiry. Returns how many conversations were dropped.
    /// </summary>
    public int Sweep()
    {
        var now = _time.GetUtcNow();
        var idleExpiry = _options.IdleExpiry > TimeSpan.Zero ? _options.IdleExpiry : TimeSpan.FromHours(1);
        lock (_gate)
        {
            var before = _conversations.Count;
            _lastSweep = now;
            foreach (var (hash, entry) in _tokens.Where(t => t.Value.ExpiresAt <= now).ToList())
            {
                _tokens.Remove(hash);
                if (_conversations.TryGetValue(entry.ConversationId, out var node))
                {
                    node.Value.TokenHashes.Remove(hash);
                }
            }

            foreach (var conversation in _byAge.Where(c => c.TokenHashes.Count == 0 || now - c.LastActivityAt > idleExpiry).ToList())
            {
                RemoveLocked(conversation);
            }

            return before - _conversations.Count;
        }
    }

    private void SweepIfDue()
    {
        bool due;
        lock (_gate)
        {
            due = _time.GetUtcNow() - _lastSweep > TimeSpan.FromMinutes(1);
        }

        if (due)
        {
            Sweep();
        }
    }

    internal void AddBytes(long delta) => Interlocked.Add(ref _totalBytes, delta);

    internal void EnforceBudget()
    {
        if (Interlocked.Read(ref _totalBytes) <= _options.MaxTotalBytes)
        {
            return;
        }

        lock (_gate)
        {
            // Oldest first; the newest conversation (the one growing now) is kept even if it alone is over budget.
            while (Interlocked.Read(ref _totalBytes) > _options.MaxTotalBytes && _byAge.Count > 1)
            {
                RemoveLocked(_byAge.First!.Value);
            }
        }
    }

    private void RemoveLocked(DirectLineConversation conversation)
    {
        if (_conversations.Remove(conversation.Id, out var node))
        {
            _byAge.Remove(node);
        }

        Interlocked.Add(ref _totalBytes, -conversation.Evict());

        foreach (var hash in conversation.TokenHashes)
        {
            _tokens.Remove(hash);
        }

        conversation.TokenHashes.Clear();
    }

    internal static string NewId(int bytes) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record TokenEntry(string ConversationId, DateTimeOffset ExpiresAt);
}

/// <summary>
/// One Direct Line conversation: an append-only activity log of which the last N activities are kept. The watermark is
/// the absolute position after the last activity returned, so it keeps growing after old activities are dropped.
/// Activities are stored as their JSON text (immutable, cheap to return).
/// </summary>
public sealed class DirectLineConversation : IPendingDelivery
{
    private readonly object _logGate = new();
    private readonly Queue<string> _log = new();
    private readonly int _maxActivities;
    private readonly TimeProvider _time;
    private readonly DirectLineConversationStore _store;
    private readonly Queue<long> _sizes = new();
    private long _bytes;
    private bool _evicted;
    private long _firstPosition;
    private long _nextPosition;
    private DateTimeOffset _lastTimestamp = DateTimeOffset.MinValue;

    internal DirectLineConversation(string id, int maxActivities, TimeProvider time, DirectLineConversationStore store)
    {
        _store = store;
        Id = id;
        _maxActivities = maxActivities;
        _time = time;
        UserId = "dl_" + DirectLineConversationStore.NewId(9);
        _lastActivityTicks = time.GetUtcNow().UtcTicks;
    }

    private long _lastActivityTicks;

    /// <summary>When the conversation was created or last had an activity appended.</summary>
    public DateTimeOffset LastActivityAt => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    public string Id { get; }

    /// <summary>User id used when the client sends none (and for the welcome turn).</summary>
    public string UserId { get; }

    private readonly object _turnGate = new();
    private Task _lastTurn = Task.CompletedTask;

    /// <summary>Queues a turn: the turns of one conversation run one after another, in the order they were queued.</summary>
    internal Task EnqueueTurn(Func<Task> turn)
    {
        lock (_turnGate)
        {
            _lastTurn = _lastTurn
                .ContinueWith(_ => turn(), CancellationToken.None, TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default)
                .Unwrap();
            return _lastTurn;
        }
    }

    internal HashSet<string> TokenHashes { get; } = new(StringComparer.Ordinal);

    private int _started;

    /// <summary>True the first time only: the caller then runs the welcome turn.</summary>
    internal bool MarkStarted() => Interlocked.Exchange(ref _started, 1) == 0;

    /// <summary>Appends the activity: gives it its id ("conversationId|0000001") and a strictly increasing timestamp.</summary>
    public Activity Append(Activity activity)
    {
        lock (_logGate)
        {
            var now = _time.GetUtcNow();
            if (now <= _lastTimestamp)
            {
                now = _lastTimestamp.AddTicks(TimeSpan.TicksPerMillisecond);
            }

            _lastTimestamp = now;
            Interlocked.Exchange(ref _lastActivityTicks, now.UtcTicks);
            activity.Id = $"{Id}|{_nextPosition:D7}";
            activity.Timestamp = now;
            activity.Conversation = new ConversationAccount(id: Id);
            var json = JsonConvert.SerializeObject(activity, BotJson.Settings);
            long delta = json.Length * 2L;
            _log.Enqueue(json);
            _sizes.Enqueue(json.Length * 2L);
            _nextPosition++;
            while (_log.Count > _maxActivities)
            {
                _log.Dequeue();
                delta -= _sizes.Dequeue();
                _firstPosition++;
            }

            if (_evicted)
            {
                return activity;
            }

            _bytes += delta;
            _store.AddBytes(delta);
        }

        // Outside the log lock: the store takes its own lock, then the locks of the conversations it evicts.
        _store.EnforceBudget();
        return activity;
    }

    /// <summary>Marks the conversation evicted and returns the bytes it held, which the store then stops counting.</summary>
    internal long Evict()
    {
        lock (_logGate)
        {
            if (_evicted)
            {
                return 0;
            }

            _evicted = true;
            return _bytes;
        }
    }

    private long _readUpTo;
    private DateTimeOffset _lastReadAt = DateTimeOffset.MinValue;

    /// <summary>When the client last read the activities (for the drain: a client that stopped polling is gone).</summary>
    public DateTimeOffset LastReadAt
    {
        get
        {
            lock (_logGate) return _lastReadAt;
        }
    }

    /// <summary>Activities were appended after the last read by the client (for the drain at shutdown).</summary>
    public bool HasUnread
    {
        get
        {
            lock (_logGate) return _readUpTo < _nextPosition;
        }
    }

    public bool IsEvicted
    {
        get
        {
            lock (_logGate) return _evicted;
        }
    }

    /// <summary>The activities after <paramref name="watermark"/> (all kept ones when null) and the new watermark.</summary>
    public (IReadOnlyList<string> Activities, long Watermark) ReadAfter(long? watermark)
    {
        lock (_logGate)
        {
            // Whatever this read returns counts as delivered.
            _readUpTo = _nextPosition;
            _lastReadAt = _time.GetUtcNow();
            var from = Math.Max(watermark ?? 0, _firstPosition);
            if (from >= _nextPosition)
            {
                return ([], _nextPosition);
            }

            return (_log.Skip((int)(from - _firstPosition)).ToList(), _nextPosition);
        }
    }
}
