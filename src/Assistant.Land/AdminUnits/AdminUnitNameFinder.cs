using Assistant.Vietnamese;

namespace Assistant.Land.AdminUnits;

/// <summary>
/// Finds Hanoi's old and new commune-level units (and old districts) by name in text with or without diacritics,
/// with or without type words ("phường", "xã", "thị trấn", "p.", "x.", "tt") and with a district ("huyện Đông Anh",
/// "Q. Cầu Giấy", "dong anh"). Returns what it found as data; <see cref="AdminUnitMessages"/> words the answer.
/// Immutable after construction and safe to share between threads.
/// </summary>
public sealed class AdminUnitNameFinder
{
    // Words after which a bare name is a street, not a unit: "đường Trần Phú", "phố Cầu Giấy".
    private static readonly Syllable[][] StreetWords =
        [AdminUnitText.Keyword("đường"), AdminUnitText.Keyword("phố"), AdminUnitText.Keyword("ngõ"), AdminUnitText.Keyword("ngách"), AdminUnitText.Keyword("hẻm")];

    private readonly AdminUnitRegistry _units;
    private readonly Dictionary<OldUnit, string> _oldFolded;
    private readonly Dictionary<NewUnit, string> _newFolded;
    private readonly (string Folded, int Syllables)[] _longerNameCheck;
    private readonly PhraseIndex<OldUnit> _oldIndex = new();
    private readonly PhraseIndex<NewUnit> _newIndex = new();
    private readonly PhraseIndex<OldDistrict> _districtIndex = new();

    /// <summary>Indexes the names of <paramref name="units"/>: old and new units, old districts.</summary>
    public AdminUnitNameFinder(AdminUnitRegistry units)
    {
        ArgumentNullException.ThrowIfNull(units);
        _units = units;
        _oldFolded = units.OldUnits.ToDictionary(u => u, u => VietnameseText.FoldPhrase(u.BaseName));
        _newFolded = units.NewUnits.ToDictionary(u => u, u => VietnameseText.FoldPhrase(u.BaseName));
        _longerNameCheck = _oldFolded.Values.Concat(_newFolded.Values).Distinct(StringComparer.Ordinal)
            .Select(f => (f, f.Split(' ').Length)).ToArray();
        foreach (var unit in units.OldUnits) AddNames(_oldIndex, unit, unit.BaseName);
        foreach (var unit in units.NewUnits) AddNames(_newIndex, unit, unit.BaseName);
        foreach (var district in units.Districts) AddNames(_districtIndex, district, district.BaseName);
    }

    /// <summary>Indexes a name and, for compound names ("Văn Miếu - Quốc Tử Giám"), each of its parts.</summary>
    private static void AddNames<T>(PhraseIndex<T> index, T value, string baseName) where T : class
    {
        index.Add(value, baseName);
        var parts = baseName.Split(" - ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > 1) foreach (var part in parts) index.Add(value, part);
    }

    /// <summary>Recognises an old district in text: "Đông Anh", "huyện Đông Anh", "dong anh", "Q. Cầu Giấy", "TX Sơn Tây".</summary>
    public OldDistrict? FindDistrict(string? text)
    {
        var tokens = AdminUnitText.Tokenize(text).Tokens;
        var best = _districtIndex.FindAll(tokens)
            .Select(h => (Hit: h, Type: AdminUnitText.TypeWordBefore(tokens, h.Start)))
            .OrderByDescending(x => x.Type.IsDistrict)
            .ThenByDescending(x => x.Hit.Length)
            .ThenByDescending(x => x.Hit.IsStrict)
            .ThenBy(x => x.Hit.Start)
            .FirstOrDefault();
        return best.Hit?.Best[0];
    }

    // ------------------------------------------------------------------ old → new

    /// <summary>
    /// Finds the old unit(s) called <paramref name="name"/> (optionally in <paramref name="district"/>) and the new
    /// unit(s) each went into. The name may carry a type word, "cũ", and even the district ("xa kim chung huyen dong anh").
    /// </summary>
    public OldUnitResolution ResolveOld(string name, string? district = null)
    {
        var query = name ?? string.Empty;
        var (text, tokens) = AdminUnitText.Tokenize(query);

        OldDistrict? knownDistrict = null;
        string? unrecognizedDistrict = null;
        if (!string.IsNullOrWhiteSpace(district))
        {
            knownDistrict = FindDistrict(district);
            if (knownDistrict is null) unrecognizedDistrict = district.Trim();
        }

        var hit = Choose(FindCommuneHits(tokens, includeOld: true, includeNew: false), tokens, freeText: false);
        (int Start, int End) span = hit is null ? (-1, -1) : (hit.SpanStart, hit.End);
        DistrictHit? districtInName = knownDistrict is null ? DetectDistrict(tokens, span, hit?.End ?? 0) : null;
        knownDistrict ??= districtInName?.District;

        if (hit?.Old is null)
        {
            return NotFoundOld(query, tokens, knownDistrict, unrecognizedDistrict, districtInName);
        }
        return BuildOld(query, hit.Old, hit.TypeWord.TypeName, knownDistrict, unrecognizedDistrict, Slice(text, tokens, hit.Start, hit.End));
    }

    /// <summary>
    /// The old units of <paramref name="pool"/> that fit the type word and district asked; when none does, the filter
    /// is relaxed (type first, then district, then both) and the result says which was dropped.
    /// </summary>
    private OldUnitResolution BuildOld(
        string query, PhraseHit<OldUnit> pool, string? typeName, OldDistrict? district, string? unrecognizedDistrict, string matched)
    {
        bool hasType = typeName is not null && AdminUnitRegistry.OldUnitTypes.Contains(typeName);
        bool hasDistrict = district is not null;
        List<OldUnit> chosen = [];
        bool typeRelaxed = false, districtRelaxed = false;
        foreach (var (useType, useDistrict) in new[] { (hasType, hasDistrict), (false, hasDistrict), (hasType, false), (false, false) }.Distinct())
        {
            foreach (var source in new[] { pool.Strict, pool.All })
            {
                chosen = source.Where(u => (!useType || u.Type == typeName) && (!useDistrict || u.DistrictCode == district!.Code)).ToList();
                if (chosen.Count > 0) break;
            }
            if (chosen.Count > 0)
            {
                typeRelaxed = hasType && !useType;
                districtRelaxed = hasDistrict && !useDistrict;
                break;
            }
        }

        var candidates = chosen.Select(u => new OldUnitCandidate(u, _units.NewUnitsOf(u))).ToList();
        return new OldUnitResolution(
            query, UnitLookupOutcome.Found, matched, candidates, district, unrecognizedDistrict,
            RelaxedType: typeRelaxed ? typeName : null, DistrictRelaxed: districtRelaxed,
            SuggestedUnits: [], AsNewUnit: null, Source: AdminUnitRegistry.LegalBasis);
    }

    private OldUnitResolution NotFoundOld(
        string query, Syllable[] tokens, OldDistrict? district, string? unrecognizedDistrict, DistrictHit? districtInName)
    {
        if (tokens.Length == 0)
        {
            return NoOldUnit(query, UnitLookupOutcome.NoName, district, unrecognizedDistrict, [], null);
        }

        var residual = Residual(tokens, districtInName);
        if (residual.Length == 0 && district is not null)
        {
            return NoOldUnit(query, UnitLookupOutcome.DistrictName, district, unrecognizedDistrict, [], null);
        }

        var newHit = Choose(FindCommuneHits(tokens, includeOld: false, includeNew: true), tokens, freeText: false);
        if (newHit?.New is not null)
        {
            var asNew = BuildNew(query, newHit.New.Best[0]);
            return NoOldUnit(query, UnitLookupOutcome.NotFound, district, unrecognizedDistrict, [], asNew);
        }

        var suggestions = residual.Length == 0
            ? []
            : _units.OldUnits
                .Select(u => (Unit: u, Distance: EditDistance.Levenshtein(residual, _oldFolded[u])))
                .OrderBy(x => x.Distance)
                .ThenBy(x => district is not null && x.Unit.DistrictCode == district.Code ? 0 : 1)
                .ThenBy(x => x.Unit.Name, StringComparer.Ordinal)
                .Take(3)
                .Select(x => x.Unit)
                .ToList();
        return NoOldUnit(query, UnitLookupOutcome.NotFound, district, unrecognizedDistrict, suggestions, null);
    }

    private static OldUnitResolution NoOldUnit(
        string query, UnitLookupOutcome outcome, OldDistrict? district, string? unrecognizedDistrict,
        IReadOnlyList<OldUnit> suggestions, NewUnitResolution? asNewUnit) =>
        new(query, outcome, MatchedText: null, Candidates: [], district, unrecognizedDistrict,
            RelaxedType: null, DistrictRelaxed: false, suggestions, asNewUnit, Source: null);

    // ------------------------------------------------------------------ new → old

    /// <summary>Finds the new unit called <paramref name="name"/> and the old units that formed it.</summary>
    public NewUnitResolution ResolveNew(string name)
    {
        var query = name ?? string.Empty;
        var tokens = AdminUnitText.Tokenize(query).Tokens;
        var hit = Choose(FindCommuneHits(tokens, includeOld: false, includeNew: true), tokens, freeText: false);
        if (hit?.New is null) return NotFoundNew(query, tokens);
        return BuildNew(query, PickNew(hit.New, hit.TypeWord.TypeName));
    }

    private static NewUnit PickNew(PhraseHit<NewUnit> pool, string? typeName)
    {
        var typed = typeName is null ? null : pool.Best.FirstOrDefault(u => u.Type == typeName) ?? pool.All.FirstOrDefault(u => u.Type == typeName);
        return typed ?? pool.Best[0];
    }

    private NewUnitResolution BuildNew(string query, NewUnit unit) =>
        new(query, UnitLookupOutcome.Found, unit, _units.OldUnitsOf(unit), SuggestedUnits: [], AsOldUnit: null, Source: AdminUnitRegistry.LegalBasis);

    private NewUnitResolution NotFoundNew(string query, Syllable[] tokens)
    {
        if (tokens.Length == 0) return new NewUnitResolution(query, UnitLookupOutcome.NoName, null, [], [], null, null);

        var oldHit = Choose(FindCommuneHits(tokens, includeOld: true, includeNew: false), tokens, freeText: false);
        if (oldHit?.Old is not null)
        {
            var asOld = BuildOld(query, oldHit.Old, oldHit.TypeWord.TypeName, null, null, query.Trim());
            return new NewUnitResolution(query, UnitLookupOutcome.NotFound, null, [], [], asOld, null);
        }

        var residual = Residual(tokens, null);
        var suggestions = residual.Length == 0
            ? []
            : _units.NewUnits
                .Select(u => (Unit: u, Distance: EditDistance.Levenshtein(residual, _newFolded[u])))
                .OrderBy(x => x.Distance)
                .ThenBy(x => x.Unit.Name, StringComparer.Ordinal)
                .Take(3)
                .Select(x => x.Unit)
                .ToList();
        return new NewUnitResolution(query, UnitLookupOutcome.NotFound, null, [], suggestions, null, null);
    }

    // ------------------------------------------------------------------ free text

    /// <summary>
    /// Finds the unit a free-text question is about ("phường Dịch Vọng Hậu cũ giờ thuộc phường nào",
    /// "xa kim chung huyen hoai duc sau sap nhap la xa nao"). Names preceded by a type word win,
    /// then longer names; a district is looked for anywhere in the text. When the name is both an old and a new unit
    /// and the text says neither "cũ" nor "mới" right by it, both readings are kept. A bare name that is also an old
    /// district's ("Cầu Giấy", "Hà Đông") is read as the district. Returns null when the text names
    /// no unit and no district.
    /// </summary>
    public AdminUnitTextMatch? FindInText(string text)
    {
        var (normalized, tokens) = AdminUnitText.Tokenize(text);
        if (tokens.Length == 0) return null;

        var hit = Choose(FindCommuneHits(tokens, includeOld: true, includeNew: true), tokens, freeText: true);
        (int Start, int End) span = hit is null ? (-1, -1) : (hit.SpanStart, hit.End);
        var districtHit = DetectDistrict(tokens, span, hit?.End ?? 0);
        var district = districtHit?.District;

        if (hit is null)
        {
            if (districtHit is null) return null;
            return DistrictOnly(Slice(normalized, tokens, districtHit.Hit.Start, districtHit.Hit.End), districtHit.District);
        }

        var typeName = hit.TypeWord.TypeName;
        var oldPool = hit.Old;
        var newPool = hit.New;
        if (!hit.IsTyped)
        {
            // A bare name in free text must match with its diacritics: "Đồng Tâm" is not "Đông Tâm".
            if (oldPool is { IsStrict: false }) oldPool = null;
            if (newPool is { IsStrict: false }) newPool = null;
        }
        if (typeName is not null && oldPool is not null && newPool is not null)
        {
            bool oldHasType = oldPool.All.Any(u => u.Type == typeName);
            bool newHasType = newPool.All.Any(u => u.Type == typeName);
            if (oldHasType && !newHasType) newPool = null;
            else if (newHasType && !oldHasType) oldPool = null;
        }

        var marker = AdminUnitText.MarkerAt(tokens, hit.End);
        if (marker is null && districtHit is not null && districtHit.SpanStart == hit.End) marker = AdminUnitText.MarkerAt(tokens, districtHit.Hit.End);
        if (marker is null && hit.IsTyped && hit.Start > 0) marker = AdminUnitText.MarkerAt(tokens, hit.Start - 1);
        if (oldPool is not null && newPool is not null)
        {
            if (marker == UnitReading.Old) newPool = null;
            else if (marker == UnitReading.New) oldPool = null;
        }

        var matched = Slice(normalized, tokens, hit.Start, hit.End);
        var query = typeName is null ? matched : $"{AdminUnitNames.Lower(typeName)} {matched}";
        var old = oldPool is null ? null : BuildOld(query, oldPool, typeName, district, null, matched);
        var @new = newPool is null ? null : BuildNew(query, PickNew(newPool, typeName));
        if (old is null && @new is null) return null;

        var reading = old is not null && @new is not null ? UnitReading.Both : old is not null ? UnitReading.Old : UnitReading.New;
        var likely = reading == UnitReading.Both ? AdminUnitText.ReadingHint(tokens) : null;
        return new AdminUnitTextMatch(matched, hit.IsTyped ? typeName : null, reading, likely, old, @new, district, null, AdminUnitRegistry.LegalBasis);
    }

    private AdminUnitTextMatch DistrictOnly(string matched, OldDistrict district)
    {
        var units = _units.OldUnitsIn(district);
        var newUnits = units.SelectMany(_units.NewUnitsOf).Select(s => s.Unit).Distinct().ToList();
        return new AdminUnitTextMatch(
            matched, null, UnitReading.DistrictOnly, null, null, null, district, new DistrictUnits(units, newUnits), AdminUnitRegistry.LegalBasis);
    }

    // ------------------------------------------------------------------ matching machinery

    private sealed record CommuneHit(int Start, int Length, PhraseHit<OldUnit>? Old, PhraseHit<NewUnit>? New, TypeWordHit TypeWord, bool IsDistrictName)
    {
        public int End => Start + Length;
        public bool IsTyped => TypeWord.IsCommune;
        public int SpanStart => IsTyped ? TypeWord.Start : Start;
        public bool IsStrict => (Old?.IsStrict ?? false) || (New?.IsStrict ?? false);
    }

    private sealed record DistrictHit(PhraseHit<OldDistrict> Hit, TypeWordHit TypeWord)
    {
        public OldDistrict District => Hit.Best[0];
        public int SpanStart => TypeWord.IsDistrict ? TypeWord.Start : Hit.Start;
    }

    private List<CommuneHit> FindCommuneHits(Syllable[] tokens, bool includeOld, bool includeNew)
    {
        var byRun = new Dictionary<(int Start, int Length), (PhraseHit<OldUnit>? Old, PhraseHit<NewUnit>? New)>();
        if (includeOld)
        {
            foreach (var h in _oldIndex.FindAll(tokens)) byRun[(h.Start, h.Length)] = (h, null);
        }
        if (includeNew)
        {
            foreach (var h in _newIndex.FindAll(tokens))
            {
                byRun[(h.Start, h.Length)] = (byRun.GetValueOrDefault((h.Start, h.Length)).Old, h);
            }
        }

        var hits = new List<CommuneHit>();
        foreach (var ((start, length), (old, @new)) in byRun)
        {
            var typeWord = AdminUnitText.TypeWordBefore(tokens, start);
            if (typeWord.IsDistrict) continue; // "huyện Đông Anh" names the district, not Thị trấn/Xã Đông Anh
            bool isDistrictName = _districtIndex.ContainsPhrase(AdminUnitText.FoldedPhrase(tokens, start, start + length));
            hits.Add(new CommuneHit(start, length, old, @new, typeWord, isDistrictName));
        }
        return hits;
    }

    /// <summary>
    /// The best name run. Overlapping runs are settled first by the span they cover (type word included), so that
    /// "phuong lien trung tu" is Phường Phương Liên - Trung Tự, not "phường Liên Trung"; then, among the runs left:
    /// after a commune type word, longest, with matching diacritics, not also a district name, earliest. In free text
    /// a bare name (no type word) must look like a place: see <see cref="IsPlausibleBareName"/>. A run that is the start
    /// of a misspelt longer name ("Dich Vong Hao") is not taken.
    /// </summary>
    private CommuneHit? Choose(IEnumerable<CommuneHit> hits, Syllable[] tokens, bool freeText)
    {
        var districtHits = freeText ? _districtIndex.FindAll(tokens) : [];
        var eligible = hits
            .Where(h => !freeText || h.IsTyped || IsPlausibleBareName(tokens, h, districtHits))
            .Where(h => !IsTruncatedMisspelling(tokens, h))
            .OrderByDescending(h => h.End - h.SpanStart)
            .ThenByDescending(h => h.IsTyped)
            .ThenByDescending(h => h.IsStrict)
            .ThenBy(h => h.IsDistrictName)
            .ThenBy(h => h.Start);
        var kept = new List<CommuneHit>();
        foreach (var hit in eligible)
        {
            if (kept.All(k => hit.End <= k.SpanStart || hit.SpanStart >= k.End)) kept.Add(hit);
        }
        return kept
            .OrderByDescending(h => h.IsTyped)
            .ThenByDescending(h => h.Length)
            .ThenByDescending(h => h.IsStrict)
            .ThenBy(h => h.IsDistrictName)
            .ThenBy(h => h.Start)
            .FirstOrDefault();
    }

    /// <summary>
    /// In free text, many unit names are also ordinary words ("hợp đồng", "tự lập", "co bi", "thuong mai dich vu",
    /// "quyết định công nhận"), so a name without a type word is taken only when it has two syllables or more, keeps
    /// its exact diacritics, is not an old district's name too (bare "Hà Đông" is read as the district, "phường Hà
    /// Đông" as the ward), is not inside a longer district name ("Từ Liêm" in "Nam Từ Liêm"), does not follow a street
    /// word or house number ("đường Trần Phú", "ngõ 12 Trần Phú"), and has a place cue: it starts a question worded
    /// about the merger ("Kim Chung giờ thuộc xã nào"), follows
    /// "ở"/"tại"/"thuộc"/"khu vực"/"địa bàn"/"quê"/"vùng", or is followed by "cũ"/"mới" or by a district.
    /// </summary>
    private static bool IsPlausibleBareName(Syllable[] tokens, CommuneHit hit, IReadOnlyList<PhraseHit<OldDistrict>> districtHits)
    {
        if (hit.Length < 2 || !hit.IsStrict || hit.IsDistrictName || AfterStreetWord(tokens, hit.Start)) return false;
        if (districtHits.Any(d => d.Length > hit.Length && d.Start <= hit.Start && d.End >= hit.End)) return false;
        int typeAfter = AdminUnitText.TypeWordLengthAt(tokens, hit.End);
        return (hit.Start == 0 && AdminUnitText.ReadingHint(tokens) is not null)
            || AdminUnitText.PlaceCueBefore(tokens, hit.Start)
            || AdminUnitText.MarkerAt(tokens, hit.End) is not null
            || districtHits.Any(d => d.Start == hit.End || (typeAfter > 0 && d.Start == hit.End + typeAfter));
    }

    /// <summary>
    /// True when the run is followed (in the same phrase) by a word that is neither "cũ"/"mới", a type word, nor the
    /// start of a district or unit name, and the run plus that word
    /// is within two edits of a longer unit name: "dich vong hao" is a misspelt Dịch Vọng Hậu, not Dịch Vọng.
    /// </summary>
    private bool IsTruncatedMisspelling(Syllable[] tokens, CommuneHit hit)
    {
        int next = hit.End;
        if (next >= tokens.Length || tokens[next].BreakBefore) return false;
        if (AdminUnitText.MarkerAt(tokens, next) is not null || AdminUnitText.TypeWordLengthAt(tokens, next) > 0) return false;
        // "Dịch Vọng Cầu Giấy", "Thanh Xuân Sóc Sơn": the next word starts a district or another unit name.
        if (_districtIndex.HasPhraseAt(tokens, next) || _oldIndex.HasPhraseAt(tokens, next) || _newIndex.HasPhraseAt(tokens, next)) return false;
        var extended = AdminUnitText.FoldedPhrase(tokens, hit.Start, next + 1);
        return _longerNameCheck.Any(n => n.Syllables > hit.Length && n.Folded != extended && EditDistance.Levenshtein(extended, n.Folded) <= 2);
    }

    /// <summary>A district mention outside <paramref name="exclude"/>: after a district type word, or bare (with exact diacritics).</summary>
    private DistrictHit? DetectDistrict(Syllable[] tokens, (int Start, int End) exclude, int anchor)
    {
        return _districtIndex.FindAll(tokens)
            .Where(h => h.End <= exclude.Start || h.Start >= exclude.End)
            .Select(h => new DistrictHit(h, AdminUnitText.TypeWordBefore(tokens, h.Start)))
            .Where(d => !d.TypeWord.IsCommune)
            .Where(d => d.TypeWord.IsDistrict || (d.Hit.IsStrict && d.Hit.Length >= 2 && !AfterStreetWord(tokens, d.Hit.Start)))
            .OrderByDescending(d => d.TypeWord.IsDistrict)
            .ThenByDescending(d => d.Hit.Length)
            .ThenByDescending(d => d.Hit.IsStrict)
            .ThenBy(d => Math.Abs(d.Hit.Start - anchor))
            .FirstOrDefault();
    }

    /// <summary>True after "đường", "phố", "ngõ", "ngách", "hẻm" or a house number ("ngõ 12 Trần Phú", "số 5 Trần Phú").</summary>
    private static bool AfterStreetWord(Syllable[] tokens, int start) =>
        start > 0 && (tokens[start - 1].Folded.All(char.IsAsciiDigit) || StreetWords.Any(w => AdminUnitText.KeywordAt(tokens, w, start - 1)));

    /// <summary>The folded input without leading type words, "cũ"/"mới" and the district mention: what is compared for suggestions.</summary>
    private static string Residual(Syllable[] tokens, DistrictHit? district)
    {
        var kept = new List<string>();
        int i = 0;
        while (i < tokens.Length)
        {
            int typeLength = AdminUnitText.TypeWordLengthAt(tokens, i);
            if (typeLength == 0) break;
            i += typeLength;
        }
        for (; i < tokens.Length; i++)
        {
            if (district is not null && i >= district.SpanStart && i < district.Hit.End) continue;
            if (AdminUnitText.MarkerAt(tokens, i) is not null) continue;
            kept.Add(tokens[i].Folded);
        }
        return string.Join(' ', kept);
    }

    private static string Slice(string text, Syllable[] tokens, int start, int end) =>
        text[tokens[start].Start..tokens[end - 1].End];
}
