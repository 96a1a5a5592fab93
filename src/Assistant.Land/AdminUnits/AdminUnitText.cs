using System.Globalization;
using Assistant.Vietnamese;

namespace Assistant.Land.AdminUnits;

/// <summary>Formatting helpers for unit names.</summary>
internal static class AdminUnitNames
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>"Phường Dịch Vọng Hậu" with type "Phường" → "Dịch Vọng Hậu".</summary>
    public static string StripType(string name, string type) =>
        name.Length > type.Length && name.StartsWith(type + " ", StringComparison.Ordinal) ? name[(type.Length + 1)..] : name;

    /// <summary>"Quận Cầu Giấy" → "quận Cầu Giấy" (type word lower-cased, as inside a sentence).</summary>
    public static string Inline(string name, string type) =>
        name.StartsWith(type, StringComparison.Ordinal) ? type.ToLower(Vietnamese) + name[type.Length..] : name;

    /// <summary>District full name as written inside a sentence, whatever its type.</summary>
    public static string InlineDistrict(string districtName)
    {
        foreach (var type in AdminUnitRegistry.DistrictTypes)
        {
            if (districtName.StartsWith(type + " ", StringComparison.Ordinal)) return Inline(districtName, type);
        }
        return districtName;
    }

    public static string Lower(string text) => text.ToLower(Vietnamese);
}

/// <summary>
/// One syllable of the input with its canonical keys, its position in the NFC-normalised text, and whether phrase
/// punctuation (. , ; : ! ? ( ) quotes, brackets, new line) precedes it.
/// </summary>
internal readonly record struct UnitToken(string Accent, string Folded, int Start, int End, bool BreakBefore = false)
{
    /// <summary>The syllable was typed with at least one diacritic, so its accent key is meaningful.</summary>
    public bool HasMarks => !string.Equals(Accent, Folded, StringComparison.Ordinal);

    /// <summary>Matches a keyword: by accent key when the input carries marks, by folded form otherwise.</summary>
    public bool Matches(string accentKey, string foldedKey) =>
        HasMarks ? string.Equals(Accent, accentKey, StringComparison.Ordinal) : string.Equals(Folded, foldedKey, StringComparison.Ordinal);
}

/// <summary>The kind of type word written before a name.</summary>
internal enum TypeWordKind { None, Phuong, Xa, ThiTran, Quan, Huyen, ThiXa }

/// <summary>A type word found before a name: its kind and where it starts.</summary>
internal readonly record struct TypeWordHit(TypeWordKind Kind, int Start)
{
    public bool IsCommune => Kind is TypeWordKind.Phuong or TypeWordKind.Xa or TypeWordKind.ThiTran;
    public bool IsDistrict => Kind is TypeWordKind.Quan or TypeWordKind.Huyen or TypeWordKind.ThiXa;

    /// <summary>The unit type as spelled in the data ("Phường", "Xã", "Thị trấn", "Quận", "Huyện", "Thị xã"), or null.</summary>
    public string? TypeName => Kind switch
    {
        TypeWordKind.Phuong => "Phường",
        TypeWordKind.Xa => "Xã",
        TypeWordKind.ThiTran => "Thị trấn",
        TypeWordKind.Quan => "Quận",
        TypeWordKind.Huyen => "Huyện",
        TypeWordKind.ThiXa => "Thị xã",
        _ => null,
    };
}

/// <summary>A keyword of one or more syllables, compared by accent key (marked input) or folded form (unmarked input).</summary>
internal sealed class KeyPhrase
{
    private readonly string[] _accent;
    private readonly string[] _folded;

    public KeyPhrase(string phrase)
    {
        var tokens = AdminUnitText.Tokenize(phrase).Tokens;
        _accent = tokens.Select(t => t.Accent).ToArray();
        _folded = tokens.Select(t => t.Folded).ToArray();
    }

    public int Length => _folded.Length;

    /// <summary>True when the phrase occupies tokens[start .. start + Length).</summary>
    public bool MatchesAt(IReadOnlyList<UnitToken> tokens, int start)
    {
        if (start < 0 || start + _folded.Length > tokens.Count) return false;
        for (int i = 0; i < _folded.Length; i++)
        {
            if (!tokens[start + i].Matches(_accent[i], _folded[i])) return false;
        }
        return true;
    }
}

/// <summary>Tokenisation, type words, old/new markers and edit distance for unit names.</summary>
internal static class AdminUnitText
{
    private static readonly (KeyPhrase Phrase, TypeWordKind Kind)[] TypeWords =
    [
        // Two-syllable words first: "thị xã" must not be read as "xã", nor "thị trấn" as something else.
        (new KeyPhrase("thị trấn"), TypeWordKind.ThiTran),
        (new KeyPhrase("thị xã"), TypeWordKind.ThiXa),
        (new KeyPhrase("phường"), TypeWordKind.Phuong),
        (new KeyPhrase("p"), TypeWordKind.Phuong),
        (new KeyPhrase("xã"), TypeWordKind.Xa),
        (new KeyPhrase("x"), TypeWordKind.Xa),
        (new KeyPhrase("tt"), TypeWordKind.ThiTran),
        (new KeyPhrase("quận"), TypeWordKind.Quan),
        (new KeyPhrase("q"), TypeWordKind.Quan),
        (new KeyPhrase("huyện"), TypeWordKind.Huyen),
        (new KeyPhrase("h"), TypeWordKind.Huyen),
        (new KeyPhrase("tx"), TypeWordKind.ThiXa),
    ];

    // Words that, right before a bare name, show it is a place: "ở Kim Chung", "tại Thụy Lâm", "địa bàn Cổ Bi".
    private static readonly KeyPhrase[] PlaceCues =
        [new("ở"), new("tại"), new("thuộc"), new("khu vực"), new("địa bàn"), new("quê"), new("vùng")];

    private static readonly KeyPhrase OldMarker = new("cũ");
    private static readonly KeyPhrase NewMarker = new("mới");

    // Wording that suggests the unit named is an old one ("... giờ thuộc phường nào") or a new one ("... gồm những xã nào").
    private static readonly string[] OldHints =
    [
        "thuoc phuong nao", "thuoc xa nao", "thuoc don vi nao", "la phuong nao", "la xa nao", "gio thuoc", "nay thuoc",
        "bay gio la", "gio la", "nay la", "doi thanh", "doi ten", "nhap vao", "chuyen thanh", "thanh phuong nao", "thanh xa nao",
    ];

    private static readonly string[] NewHints =
    [
        "gom nhung", "gom cac", "gom phuong", "gom xa", "hop thanh", "tu nhung phuong", "tu nhung xa", "tu cac phuong", "tu cac xa",
        "thanh lap tu", "hinh thanh tu", "sap nhap tu", "ghep tu", "truoc day la", "truoc kia la", "truoc day gom", "truoc day thuoc",
    ];

    /// <summary>Splits text into syllables (runs of letters, digits and combining marks) with offsets into the NFC text.</summary>
    public static (string Text, IReadOnlyList<UnitToken> Tokens) Tokenize(string? text)
    {
        var normalized = VietnameseText.Nfc(text ?? string.Empty);
        var tokens = new List<UnitToken>();
        int i = 0;
        bool pendingBreak = false;
        while (i < normalized.Length)
        {
            if (IsWordChar(normalized[i]))
            {
                int start = i;
                while (i < normalized.Length && IsWordChar(normalized[i])) i++;
                var span = normalized.AsSpan(start, i - start);
                tokens.Add(new UnitToken(VietnameseText.AccentKey(span), VietnameseText.Fold(span), start, i, pendingBreak));
                pendingBreak = false;
            }
            else
            {
                // Same phrase breaks as Assistant.Retrieval's Tokenizer: a name never spans them ("Thu, lam" is not Thư Lâm).
                if (normalized[i] is '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '"' or '“' or '”' or '\n' or '[' or ']') pendingBreak = true;
                i++;
            }
        }
        return (normalized, tokens);
    }

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    /// <summary>
    /// The type word that ends right before <paramref name="start"/>, allowing one "cũ"/"mới" between them
    /// ("phường cũ Ngọc Hà").
    /// </summary>
    public static TypeWordHit TypeWordBefore(IReadOnlyList<UnitToken> tokens, int start)
    {
        var hit = TypeWordEndingAt(tokens, start);
        if (hit.Kind == TypeWordKind.None && start > 0 && MarkerAt(tokens, start - 1) is not null)
        {
            hit = TypeWordEndingAt(tokens, start - 1);
        }
        return hit;
    }

    private static TypeWordHit TypeWordEndingAt(IReadOnlyList<UnitToken> tokens, int end)
    {
        foreach (var (phrase, kind) in TypeWords)
        {
            if (phrase.MatchesAt(tokens, end - phrase.Length)) return new TypeWordHit(kind, end - phrase.Length);
        }
        return new TypeWordHit(TypeWordKind.None, end);
    }

    /// <summary>True when a type word (of any level) starts at <paramref name="index"/>; its length is returned.</summary>
    public static int TypeWordLengthAt(IReadOnlyList<UnitToken> tokens, int index)
    {
        foreach (var (phrase, _) in TypeWords)
        {
            if (phrase.MatchesAt(tokens, index)) return phrase.Length;
        }
        return 0;
    }

    /// <summary>True when a place word ("ở", "tại", "thuộc", "khu vực", "địa bàn", "quê", "vùng") ends right before <paramref name="start"/>.</summary>
    public static bool PlaceCueBefore(IReadOnlyList<UnitToken> tokens, int start) =>
        PlaceCues.Any(c => c.MatchesAt(tokens, start - c.Length));

    /// <summary>"cũ" → Old, "mới" → New, anything else → null.</summary>
    public static UnitReading? MarkerAt(IReadOnlyList<UnitToken> tokens, int index)
    {
        if (OldMarker.MatchesAt(tokens, index)) return UnitReading.Old;
        if (NewMarker.MatchesAt(tokens, index)) return UnitReading.New;
        return null;
    }

    /// <summary>The reading suggested by the wording of the whole question, or null when it says nothing or both.</summary>
    public static UnitReading? ReadingHint(IReadOnlyList<UnitToken> tokens)
    {
        var folded = " " + string.Join(' ', tokens.Select(t => t.Folded)) + " ";
        bool old = OldHints.Any(h => folded.Contains(" " + h + " ", StringComparison.Ordinal));
        bool @new = NewHints.Any(h => folded.Contains(" " + h + " ", StringComparison.Ordinal));
        return old == @new ? null : old ? UnitReading.Old : UnitReading.New;
    }

    /// <summary>Folded phrase of tokens[start .. end).</summary>
    public static string FoldedPhrase(IReadOnlyList<UnitToken> tokens, int start, int end) =>
        string.Join(' ', Enumerable.Range(start, end - start).Select(i => tokens[i].Folded));

    /// <summary>Levenshtein distance between two strings.</summary>
    public static int EditDistance(string a, string b)
    {
        if (a.Length == 0) return b.Length;
        if (b.Length == 0) return a.Length;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

/// <summary>A run of input tokens that spells a unit name.</summary>
/// <param name="Strict">Values whose accent keys agree with every marked input syllable.</param>
/// <param name="All">Every value with the same folded name (used when the diacritics typed match nothing).</param>
internal sealed record PhraseHit<T>(int Start, int Length, IReadOnlyList<T> Strict, IReadOnlyList<T> All)
{
    public int End => Start + Length;
    public bool IsStrict => Strict.Count > 0;
    public IReadOnlyList<T> Best => Strict.Count > 0 ? Strict : All;
}

/// <summary>Index of unit names (without type word) by folded phrase, for matching runs of input syllables.</summary>
internal sealed class PhraseIndex<T> where T : class
{
    private sealed record Entry(T Value, string[] Accent);

    private readonly Dictionary<string, List<Entry>> _byFolded = new(StringComparer.Ordinal);

    public int MaxLength { get; private set; }

    public IEnumerable<string> Phrases => _byFolded.Keys;

    public void Add(T value, string name)
    {
        var tokens = AdminUnitText.Tokenize(name).Tokens;
        if (tokens.Count == 0) return;
        var key = AdminUnitText.FoldedPhrase(tokens, 0, tokens.Count);
        if (!_byFolded.TryGetValue(key, out var list)) _byFolded[key] = list = [];
        if (list.Any(e => ReferenceEquals(e.Value, value))) return;
        list.Add(new Entry(value, tokens.Select(t => t.Accent).ToArray()));
        MaxLength = Math.Max(MaxLength, tokens.Count);
    }

    public bool ContainsPhrase(string foldedPhrase) => _byFolded.ContainsKey(foldedPhrase);

    /// <summary>True when some indexed name (by folded form, within one phrase) starts at <paramref name="start"/>.</summary>
    public bool HasPhraseAt(IReadOnlyList<UnitToken> tokens, int start)
    {
        for (int end = start + 1; end <= Math.Min(tokens.Count, start + MaxLength); end++)
        {
            if (end > start + 1 && tokens[end - 1].BreakBefore) break;
            if (_byFolded.ContainsKey(AdminUnitText.FoldedPhrase(tokens, start, end))) return true;
        }
        return false;
    }

    /// <summary>Every run of tokens that spells an indexed name, at every start and length.</summary>
    public List<PhraseHit<T>> FindAll(IReadOnlyList<UnitToken> tokens)
    {
        var hits = new List<PhraseHit<T>>();
        for (int start = 0; start < tokens.Count; start++)
        {
            int maxLength = 1;
            while (maxLength < Math.Min(MaxLength, tokens.Count - start) && !tokens[start + maxLength].BreakBefore) maxLength++;
            for (int length = maxLength; length >= 1; length--)
            {
                if (!_byFolded.TryGetValue(AdminUnitText.FoldedPhrase(tokens, start, start + length), out var entries)) continue;
                var strict = entries.Where(e => AccentCompatible(tokens, start, e.Accent)).Select(e => e.Value).ToList();
                hits.Add(new PhraseHit<T>(start, length, strict, entries.Select(e => e.Value).ToList()));
            }
        }
        return hits;
    }

    private static bool AccentCompatible(IReadOnlyList<UnitToken> tokens, int start, string[] accent)
    {
        for (int i = 0; i < accent.Length; i++)
        {
            var token = tokens[start + i];
            if (token.HasMarks && !string.Equals(token.Accent, accent[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
