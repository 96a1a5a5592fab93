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

/// <summary>
/// Reading unit names: syllables, type words, old/new markers. Keywords are matched with
/// <see cref="MatchMode.AccentExact"/> (by accent key when the input carries marks, by folded form otherwise: "dịa" is
/// not "địa") and, being read right beside a name, across punctuation
/// (<see cref="PhraseMatcher.MatchesAtIgnoringBreaks"/>), as they always were; names themselves never span a break.
/// </summary>
internal static class AdminUnitText
{
    // Long runs are kept: a unit name is looked for in whatever the user typed, junk included.
    private const SyllableOptions Reading = SyllableOptions.KeepLongRuns;

    private static readonly (Syllable[] Phrase, TypeWordKind Kind)[] TypeWords =
    [
        // Two-syllable words first: "thị xã" must not be read as "xã", nor "thị trấn" as something else.
        (Keyword("thị trấn"), TypeWordKind.ThiTran),
        (Keyword("thị xã"), TypeWordKind.ThiXa),
        (Keyword("phường"), TypeWordKind.Phuong),
        (Keyword("p"), TypeWordKind.Phuong),
        (Keyword("xã"), TypeWordKind.Xa),
        (Keyword("x"), TypeWordKind.Xa),
        (Keyword("tt"), TypeWordKind.ThiTran),
        (Keyword("quận"), TypeWordKind.Quan),
        (Keyword("q"), TypeWordKind.Quan),
        (Keyword("huyện"), TypeWordKind.Huyen),
        (Keyword("h"), TypeWordKind.Huyen),
        (Keyword("tx"), TypeWordKind.ThiXa),
    ];

    // Words that, right before a bare name, show it is a place: "ở Kim Chung", "tại Thụy Lâm", "địa bàn Cổ Bi".
    private static readonly Syllable[][] PlaceCues =
        [Keyword("ở"), Keyword("tại"), Keyword("thuộc"), Keyword("khu vực"), Keyword("địa bàn"), Keyword("quê"), Keyword("vùng")];

    private static readonly Syllable[] OldMarker = Keyword("cũ");
    private static readonly Syllable[] NewMarker = Keyword("mới");

    // Wording that suggests the unit named is an old one ("... giờ thuộc phường nào") or a new one ("... gồm những xã nào").
    private static readonly Syllable[][] OldHints = Keywords(
    [
        "thuoc phuong nao", "thuoc xa nao", "thuoc don vi nao", "la phuong nao", "la xa nao", "gio thuoc", "nay thuoc",
        "bay gio la", "gio la", "nay la", "doi thanh", "doi ten", "nhap vao", "chuyen thanh", "thanh phuong nao", "thanh xa nao",
    ]);

    private static readonly Syllable[][] NewHints = Keywords(
    [
        "gom nhung", "gom cac", "gom phuong", "gom xa", "hop thanh", "tu nhung phuong", "tu nhung xa", "tu cac phuong", "tu cac xa",
        "thanh lap tu", "hinh thanh tu", "sap nhap tu", "ghep tu", "truoc day la", "truoc kia la", "truoc day gom", "truoc day thuoc",
    ]);

    /// <summary>The NFC form of <paramref name="text"/> and its syllables, with offsets into it; long runs kept.</summary>
    public static (string Text, Syllable[] Tokens) Tokenize(string? text) =>
        (VietnameseText.Nfc(text ?? string.Empty), Tokenizer.Tokenize(text, Reading));

    /// <summary>A keyword read as the input is, for <see cref="KeywordAt"/>.</summary>
    public static Syllable[] Keyword(string phrase) => Tokenizer.Tokenize(phrase, Reading);

    private static Syllable[][] Keywords(string[] phrases) => phrases.Select(Keyword).ToArray();

    /// <summary>True when <paramref name="keyword"/> occupies tokens[start .. start + its length).</summary>
    public static bool KeywordAt(Syllable[] tokens, Syllable[] keyword, int start) =>
        PhraseMatcher.MatchesAtIgnoringBreaks(tokens, keyword, start, MatchMode.AccentExact);

    /// <summary>
    /// The type word that ends right before <paramref name="start"/>, allowing one "cũ"/"mới" between them
    /// ("phường cũ Ngọc Hà").
    /// </summary>
    public static TypeWordHit TypeWordBefore(Syllable[] tokens, int start)
    {
        var hit = TypeWordEndingAt(tokens, start);
        if (hit.Kind == TypeWordKind.None && start > 0 && MarkerAt(tokens, start - 1) is not null)
        {
            hit = TypeWordEndingAt(tokens, start - 1);
        }
        return hit;
    }

    private static TypeWordHit TypeWordEndingAt(Syllable[] tokens, int end)
    {
        foreach (var (phrase, kind) in TypeWords)
        {
            if (KeywordAt(tokens, phrase, end - phrase.Length)) return new TypeWordHit(kind, end - phrase.Length);
        }
        return new TypeWordHit(TypeWordKind.None, end);
    }

    /// <summary>True when a type word (of any level) starts at <paramref name="index"/>; its length is returned.</summary>
    public static int TypeWordLengthAt(Syllable[] tokens, int index)
    {
        foreach (var (phrase, _) in TypeWords)
        {
            if (KeywordAt(tokens, phrase, index)) return phrase.Length;
        }
        return 0;
    }

    /// <summary>True when a place word ("ở", "tại", "thuộc", "khu vực", "địa bàn", "quê", "vùng") ends right before <paramref name="start"/>.</summary>
    public static bool PlaceCueBefore(Syllable[] tokens, int start) =>
        PlaceCues.Any(c => KeywordAt(tokens, c, start - c.Length));

    /// <summary>"cũ" → Old, "mới" → New, anything else → null.</summary>
    public static UnitReading? MarkerAt(Syllable[] tokens, int index)
    {
        if (KeywordAt(tokens, OldMarker, index)) return UnitReading.Old;
        if (KeywordAt(tokens, NewMarker, index)) return UnitReading.New;
        return null;
    }

    /// <summary>The reading suggested by the wording of the whole question, or null when it says nothing or both.</summary>
    public static UnitReading? ReadingHint(Syllable[] tokens)
    {
        bool old = OldHints.Any(h => AnywhereIgnoringBreaks(tokens, h));
        bool @new = NewHints.Any(h => AnywhereIgnoringBreaks(tokens, h));
        return old == @new ? null : old ? UnitReading.Old : UnitReading.New;
    }

    // The wording hints are folded and read across punctuation, as the whole question is one wording.
    private static bool AnywhereIgnoringBreaks(Syllable[] tokens, Syllable[] hint)
    {
        for (int i = 0; i + hint.Length <= tokens.Length; i++)
            if (PhraseMatcher.MatchesAtIgnoringBreaks(tokens, hint, i, MatchMode.Folded)) return true;
        return false;
    }

    /// <summary>Folded phrase of tokens[start .. end).</summary>
    public static string FoldedPhrase(Syllable[] tokens, int start, int end) =>
        string.Join(' ', Enumerable.Range(start, end - start).Select(i => tokens[i].Folded));
}

/// <summary>A run of input tokens that spells a unit name.</summary>
/// <param name="Strict">Values whose names match the run with <see cref="MatchMode.AccentExact"/>: their accent keys agree with every marked input syllable.</param>
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
    private sealed record Entry(T Value, Syllable[] Name);

    private readonly Dictionary<string, List<Entry>> _byFolded = new(StringComparer.Ordinal);

    public int MaxLength { get; private set; }

    public IEnumerable<string> Phrases => _byFolded.Keys;

    public void Add(T value, string name)
    {
        var tokens = AdminUnitText.Tokenize(name).Tokens;
        if (tokens.Length == 0) return;
        var key = AdminUnitText.FoldedPhrase(tokens, 0, tokens.Length);
        if (!_byFolded.TryGetValue(key, out var list)) _byFolded[key] = list = [];
        if (list.Any(e => ReferenceEquals(e.Value, value))) return;
        list.Add(new Entry(value, tokens));
        MaxLength = Math.Max(MaxLength, tokens.Length);
    }

    public bool ContainsPhrase(string foldedPhrase) => _byFolded.ContainsKey(foldedPhrase);

    /// <summary>True when some indexed name (by folded form, within one phrase) starts at <paramref name="start"/>.</summary>
    public bool HasPhraseAt(Syllable[] tokens, int start)
    {
        for (int end = start + 1; end <= Math.Min(tokens.Length, start + MaxLength); end++)
        {
            if (end > start + 1 && tokens[end - 1].BreakBefore) break;
            if (_byFolded.ContainsKey(AdminUnitText.FoldedPhrase(tokens, start, end))) return true;
        }
        return false;
    }

    /// <summary>Every run of tokens that spells an indexed name, at every start and length.</summary>
    public List<PhraseHit<T>> FindAll(Syllable[] tokens)
    {
        var hits = new List<PhraseHit<T>>();
        for (int start = 0; start < tokens.Length; start++)
        {
            int maxLength = 1;
            while (maxLength < Math.Min(MaxLength, tokens.Length - start) && !tokens[start + maxLength].BreakBefore) maxLength++;
            for (int length = maxLength; length >= 1; length--)
            {
                if (!_byFolded.TryGetValue(AdminUnitText.FoldedPhrase(tokens, start, start + length), out var entries)) continue;
                // Same folded run, so the names whose diacritics agree with every marked syllable typed.
                var strict = entries.Where(e => PhraseMatcher.MatchesAt(tokens, e.Name, start, MatchMode.AccentExact)).Select(e => e.Value).ToList();
                hits.Add(new PhraseHit<T>(start, length, strict, entries.Select(e => e.Value).ToList()));
            }
        }
        return hits;
    }
}
