namespace Assistant.Vietnamese;

/// <summary>Phrase number <see cref="Phrase"/> of a <see cref="PhraseList"/> found at a span of a text.</summary>
public readonly record struct PhraseHit(int Phrase, SyllableSpan Span);

/// <summary>
/// A cue vocabulary — phrases kept in a data file, not in code — found in texts syllable by syllable (see
/// <see cref="PhraseMatcher"/>): whole syllables only (a substring finds "xa" in "xanh"), compared in the list's
/// <see cref="MatchMode"/> (folded, "cũ" is found in "thổ cư"; tone-exact, it is not), never across punctuation that
/// ends a phrase unless texts are read with <see cref="SyllableOptions.NoBreaks"/>, which gives what a check
/// of " " + cue + " " in the padded folded text gave. A list read with <see cref="PhraseEnd.SyllablePrefix"/> lets the
/// last syllable of a phrase begin a longer syllable of the text (" " + cue). Texts and phrases are read with the same
/// options. Immutable and thread-safe.
/// </summary>
public sealed class PhraseList
{
    private readonly Syllable[][] _phrases;

    /// <param name="phrases">The phrases, as written; those without any syllable are left out.</param>
    /// <param name="mode">How strictly each syllable must agree.</param>
    /// <param name="options">How texts and phrases are read.</param>
    /// <param name="end">Where a phrase may end in a text: <see cref="PhraseEnd.SyllablePrefix"/> only with a folded or tone-insensitive mode.</param>
    public PhraseList(IEnumerable<string> phrases, MatchMode mode, SyllableOptions options = SyllableOptions.None, PhraseEnd end = PhraseEnd.WholeSyllable)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        if (end == PhraseEnd.SyllablePrefix && mode is not (MatchMode.Folded or MatchMode.ToneInsensitive))
            throw new ArgumentException($"A phrase may end inside a syllable only in the {MatchMode.Folded} or {MatchMode.ToneInsensitive} mode.", nameof(end));
        var kept = phrases.Select(p => (Text: p, Syllables: Tokenizer.Tokenize(p, options))).Where(p => p.Syllables.Length > 0).ToList();
        Phrases = kept.Select(p => p.Text).ToArray();
        _phrases = kept.Select(p => p.Syllables).ToArray();
        Mode = mode;
        Options = options;
        End = end;
    }

    /// <summary>
    /// The phrases of a data file (see <see cref="TsvReader"/>): every cell of every line holds one phrase or several
    /// separated by '|'.
    /// </summary>
    public static PhraseList Load(string path, MatchMode mode, SyllableOptions options = SyllableOptions.None, PhraseEnd end = PhraseEnd.WholeSyllable) =>
        new(TsvReader.Read(path).SelectMany(row => row.Columns).SelectMany(TsvReader.SplitList).ToList(), mode, options, end);

    /// <summary>The phrases as written, in list order; <see cref="PhraseHit.Phrase"/> indexes this list.</summary>
    public IReadOnlyList<string> Phrases { get; }

    public int Count => _phrases.Length;

    public MatchMode Mode { get; }

    public SyllableOptions Options { get; }

    public PhraseEnd End { get; }

    /// <summary>The syllables of phrase number <paramref name="index"/>.</summary>
    public IReadOnlyList<Syllable> SyllablesOf(int index) => _phrases[index];

    /// <summary>A text read the way this list reads texts, to test it against several lists or positions.</summary>
    public Syllable[] Read(string? text) => Tokenizer.Tokenize(text, Options);

    public bool ContainsAny(string? text) => !string.IsNullOrWhiteSpace(text) && ContainsAny(Read(text));

    public bool ContainsAny(ReadOnlySpan<Syllable> text) => FindFirst(text) is not null;

    /// <summary>The first phrase in list order that the text holds, at its first occurrence, or null.</summary>
    public PhraseHit? FindFirst(ReadOnlySpan<Syllable> text)
    {
        for (int p = 0; p < _phrases.Length; p++)
            if (PhraseMatcher.Find(text, _phrases[p], Mode, End) is var at and >= 0)
                return new PhraseHit(p, new SyllableSpan(at, _phrases[p].Length));
        return null;
    }

    /// <summary>True when the whole text is one of the phrases, nothing before or after it ("chào" is, "chào, tách thửa" is not).</summary>
    public bool IsExactlyOne(ReadOnlySpan<Syllable> text)
    {
        foreach (var phrase in _phrases)
            if (phrase.Length == text.Length && PhraseMatcher.MatchesAt(text, phrase, 0, Mode, End)) return true;
        return false;
    }

    /// <summary>True when the text begins with one of the phrases.</summary>
    public bool StartsWithAny(ReadOnlySpan<Syllable> text) => LongestAt(text, 0) is not null;

    /// <summary>The longest phrase that starts at <paramref name="at"/> (the first in list order among equally long ones), or null.</summary>
    public PhraseHit? LongestAt(ReadOnlySpan<Syllable> text, int at)
    {
        PhraseHit? best = null;
        for (int p = 0; p < _phrases.Length; p++)
            if (_phrases[p].Length > (best?.Span.Length ?? 0) && PhraseMatcher.MatchesAt(text, _phrases[p], at, Mode, End))
                best = new PhraseHit(p, new SyllableSpan(at, _phrases[p].Length));
        return best;
    }

    /// <summary>Every occurrence of every phrase, by position in the text, then by list order.</summary>
    public IReadOnlyList<PhraseHit> FindAll(ReadOnlySpan<Syllable> text)
    {
        var hits = new List<PhraseHit>();
        for (int p = 0; p < _phrases.Length; p++)
            for (int at = PhraseMatcher.Find(text, _phrases[p], Mode, End); at >= 0; at = PhraseMatcher.Find(text, _phrases[p], Mode, End, at + 1))
                hits.Add(new PhraseHit(p, new SyllableSpan(at, _phrases[p].Length)));
        // Stable: equal starts keep list order.
        return hits.OrderBy(h => h.Span.Start).ToList();
    }
}
