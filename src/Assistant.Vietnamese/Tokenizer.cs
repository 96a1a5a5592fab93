namespace Assistant.Vietnamese;

/// <summary>A syllable of Vietnamese text with its two canonical keys and whether a phrase break precedes it.</summary>
public readonly record struct Syllable(string Accent, string Folded, bool BreakBefore);

/// <summary>
/// Splits text into syllables (runs of letters or digits). Punctuation that ends a phrase marks a break,
/// so bigrams are not formed across sentence or list boundaries.
/// </summary>
public static class Tokenizer
{
    public static IEnumerable<Syllable> Syllables(string text)
    {
        text = VietnameseText.Nfc(text);
        int i = 0;
        bool pendingBreak = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c) || IsCombining(c))
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || IsCombining(text[i]))) i++;
                var span = text.AsSpan(start, i - start);
                if (span.Length > 40) { pendingBreak = true; continue; } // junk such as base64 or hashes
                yield return new Syllable(VietnameseText.AccentKey(span), VietnameseText.Fold(span), pendingBreak);
                pendingBreak = false;
            }
            else
            {
                if (c is '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '"' or '“' or '”' or '\n' or '[' or ']') pendingBreak = true;
                i++;
            }
        }
    }

    private static bool IsCombining(char c) => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark;
}
