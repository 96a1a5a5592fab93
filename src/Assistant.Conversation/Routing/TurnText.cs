using Assistant.Vietnamese;

namespace Assistant.Conversation.Routing;

/// <summary>
/// A question read once the way the cue lists of <see cref="TurnVocabulary"/> read it: folded syllables with punctuation
/// ignored, and the same syllables as one folded string with one space between them and one at each end, for the
/// follow-up markers that are plain substrings.
/// </summary>
public sealed class TurnText
{
    /// <summary>Folded, and punctuation ends no phrase: the cue lists were written against the folded phrase, which has none.</summary>
    public const SyllableOptions Reading = SyllableOptions.NoBreaks;

    private readonly Syllable[] _syllables;

    private TurnText(Syllable[] syllables)
    {
        _syllables = syllables;
        Padded = " " + string.Join(' ', syllables.Select(s => s.Folded)) + " ";
    }

    public static TurnText Read(string? text) => new(Tokenizer.Tokenize(text, Reading));

    public ReadOnlySpan<Syllable> Syllables => _syllables;

    /// <summary>The folded syllables joined by one space, with one space at each end (<see cref="VietnameseText.FoldPhrase"/> padded).</summary>
    public string Padded { get; }

    /// <summary>Nothing but spaces and punctuation.</summary>
    public bool IsBlank => Padded.Trim().Length == 0;

    /// <summary>The words of the question, as routing counts them.</summary>
    public int WordCount => Padded.Trim().Split(' ').Length;
}
