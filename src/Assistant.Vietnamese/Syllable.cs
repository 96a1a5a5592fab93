using System.Runtime.CompilerServices;

namespace Assistant.Vietnamese;

/// <summary>
/// One syllable of a text, in the forms every matcher compares: the accent key (tone as a trailing digit, so that
/// "hoà" and "hòa" agree), the folded form (no mark at all, đ read as d), and the base form (vowel letters with their
/// marks ă â ê ô ơ ư, tone dropped, đ read as d: "sô" for "sổ", "do" for "đỏ"). Start and End locate it in the NFC
/// form of the text it was read from; BreakBefore says that punctuation ending a phrase precedes it.
/// </summary>
public readonly record struct Syllable
{
    public Syllable(string accent, string folded, int start, int end, bool breakBefore = false)
    {
        Accent = accent;
        Folded = folded;
        Base = BaseOf(accent, folded);
        IsPlain = string.Equals(accent, folded, StringComparison.Ordinal);
        Start = start;
        End = end;
        BreakBefore = breakBefore;
    }

    /// <summary>Lower-cased, every mark kept, tone as a trailing digit ("sô3" for "sổ"); see <see cref="VietnameseText.AccentKey"/>.</summary>
    public string Accent { get; }

    /// <summary>Lower-cased without any diacritic, đ as d ("so" for "sổ", "dat" for "đất").</summary>
    public string Folded { get; }

    /// <summary>Lower-cased, vowel marks kept, tone dropped, đ as d ("sô" for "sổ" and "số", "dât" for "đất").</summary>
    public string Base { get; }

    /// <summary>Typed with no diacritic at all, so its accent says nothing about the word meant ("so" may be "sổ" or "số").</summary>
    public bool IsPlain { get; }

    /// <summary>Offset of the first character in the NFC text.</summary>
    public int Start { get; init; }

    /// <summary>Offset just past the last character in the NFC text.</summary>
    public int End { get; init; }

    /// <summary>Punctuation that ends a phrase (. , ; : ! ? brackets, quotes, new line) stands between this syllable and the previous one.</summary>
    public bool BreakBefore { get; init; }

    /// <summary>
    /// Whether this syllable of a text matches <paramref name="other"/>, a syllable of a phrase looked for in it.
    /// Only <see cref="MatchMode.AccentExact"/> depends on which side is which.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(in Syllable other, MatchMode mode) =>
        mode == MatchMode.ToneInsensitive ? SameVowels(in other) : MatchesStrictlyOrFolded(in other, mode);

    private bool MatchesStrictlyOrFolded(in Syllable other, MatchMode mode) => mode switch
    {
        MatchMode.ToneExact => SameVowels(in other) && (IsPlain || other.IsPlain || SameAccentReadingDStrokeAsD(Accent, other.Accent)),
        MatchMode.Folded => string.Equals(Folded, other.Folded, StringComparison.Ordinal),
        MatchMode.AccentExact => IsPlain
            ? string.Equals(Folded, other.Folded, StringComparison.Ordinal)
            : string.Equals(Accent, other.Accent, StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>
    /// Whether this syllable of a text begins with <paramref name="other"/>, the last syllable of a phrase read with
    /// <see cref="PhraseEnd.SyllablePrefix"/> ("phi" begins "phía"). Only <see cref="MatchMode.Folded"/> and
    /// <see cref="MatchMode.ToneInsensitive"/> have a beginning: a tone belongs to the whole syllable.
    /// </summary>
    public bool BeginsWith(in Syllable other, MatchMode mode) => mode switch
    {
        MatchMode.Folded => Folded.StartsWith(other.Folded, StringComparison.Ordinal),
        MatchMode.ToneInsensitive => Folded.StartsWith(other.Folded, StringComparison.Ordinal)
            && (IsPlain || other.IsPlain || Base.StartsWith(other.Base, StringComparison.Ordinal)),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Only a folded or tone-insensitive syllable has a beginning."),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool SameVowels(in Syllable other) =>
        string.Equals(Folded, other.Folded, StringComparison.Ordinal)
        && (IsPlain || other.IsPlain || string.Equals(Base, other.Base, StringComparison.Ordinal));

    // Tone-exact, yet "dất" (đ typed as d) is still "đất": the accent keys compared with đ read as d, without allocating.
    private static bool SameAccentReadingDStrokeAsD(string a, string b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
        {
            char x = a[i] == 'đ' ? 'd' : a[i], y = b[i] == 'đ' ? 'd' : b[i];
            if (x != y) return false;
        }
        return true;
    }

    // The accent key has the folded form's length, plus one trailing tone digit when the syllable has a tone.
    private static string BaseOf(string accent, string folded) =>
        (accent.Length == folded.Length + 1 ? accent[..^1] : accent).Replace('đ', 'd');
}

/// <summary>How strictly two syllables must agree (see <see cref="Syllable.Matches"/>).</summary>
public enum MatchMode
{
    /// <summary>
    /// <see cref="ToneInsensitive"/>, and when both syllables carry diacritics also the same tone: for short words where a
    /// wrong tone is another word ("sổ" the certificate ≠ "số" a number, "cũ" ≠ "cư"); "so" still matches both, "dất" "đất".
    /// </summary>
    ToneExact,

    /// <summary>
    /// Same folded form and, when both syllables carry diacritics, the same vowel letters: "so" = "sổ" (typed without
    /// diacritics), "thữa" = "thửa" (wrong tone), "dất" = "đất" (đ typed as d), "hoà" = "hòa", but "sổ" ≠ "sơ", "có" ≠ "cơ".
    /// </summary>
    ToneInsensitive,

    /// <summary>Same folded form only: "sổ" = "số" = "sơ" = "so".</summary>
    Folded,

    /// <summary>
    /// The text's syllable decides: with diacritics, the same accent key (đ ≠ d, "hoà" = "hòa"); without any, the same
    /// folded form. For names, where "Dông" typed with marks is not "Đông".
    /// </summary>
    AccentExact,
}

/// <summary>Where a phrase found in a text may end (see <see cref="PhraseMatcher.MatchesAt(ReadOnlySpan{Syllable}, ReadOnlySpan{Syllable}, int, MatchMode, PhraseEnd)"/>).</summary>
public enum PhraseEnd
{
    /// <summary>Its last syllable is a whole syllable of the text, as every other one is: "phi" is not found in "phía".</summary>
    WholeSyllable,

    /// <summary>
    /// Its last syllable only has to begin a syllable of the text ("phi" is found in "phía", "trong ngày làm việc" in
    /// "trong ngày làm việcX"), the others are whole syllables: what a check of " " + cue in the padded folded text gave.
    /// For cue lists that also catch longer spellings of their last word. Folded and tone-insensitive modes only.
    /// </summary>
    SyllablePrefix,
}
