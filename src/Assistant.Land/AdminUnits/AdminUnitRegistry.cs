using Assistant.Vietnamese;

namespace Assistant.Land.AdminUnits;

/// <summary>
/// Hanoi's commune-level units before (526, as of 01/3/2025) and after (126, from 01/7/2025) the merger of
/// Resolution 1656/NQ-UBTVQH15, with the old → new mapping, and lookups by name that accept text with or without
/// diacritics, with or without type words ("phường", "xã", "thị trấn", "p.", "x.", "tt") and with a district
/// ("huyện Đông Anh", "Q. Cầu Giấy", "dong anh"). Immutable after loading and safe to share between threads.
/// </summary>
public sealed class AdminUnitRegistry
{
    public const int ExpectedOldUnitCount = 526;
    public const int ExpectedNewUnitCount = 126;
    public const string OldUnitsFile = "hanoi_old_units_2025-03-01.csv";
    public const string NewUnitsFile = "hanoi_new_units_2025-07-01.csv";
    public const string MappingFile = "hanoi_old_to_new_mapping.csv";

    internal static readonly string[] OldUnitTypes = ["Phường", "Xã", "Thị trấn"];
    internal static readonly string[] NewUnitTypes = ["Phường", "Xã"];
    internal static readonly string[] DistrictTypes = ["Quận", "Huyện", "Thị xã"];

    private const string SourceSentence = " Căn cứ: Nghị quyết 1656/NQ-UBTVQH15.";

    private static readonly Lazy<AdminUnitRegistry> DefaultInstance = new(() => Load(), LazyThreadSafetyMode.ExecutionAndPublication);

    // Words after which a bare name is a street, not a unit: "đường Trần Phú", "phố Cầu Giấy".
    private static readonly KeyPhrase[] StreetWords = [new("đường"), new("phố"), new("ngõ"), new("ngách"), new("hẻm")];

    private readonly Dictionary<string, OldUnit> _oldByCode;
    private readonly Dictionary<string, NewUnit> _newByCode;
    private readonly Dictionary<string, OldDistrict> _districtByCode;
    private readonly Dictionary<string, IReadOnlyList<NewUnitShare>> _newUnitsOf;
    private readonly Dictionary<string, IReadOnlyList<OldUnitShare>> _oldUnitsOf;
    private readonly Dictionary<OldUnit, string> _oldFolded;
    private readonly Dictionary<NewUnit, string> _newFolded;
    private readonly (string Folded, int Syllables)[] _longerNameCheck;
    private readonly PhraseIndex<OldUnit> _oldIndex = new();
    private readonly PhraseIndex<NewUnit> _newIndex = new();
    private readonly PhraseIndex<OldDistrict> _districtIndex = new();

    private AdminUnitRegistry(AdminUnitDataLoader.LoadedData data)
    {
        OldUnits = data.OldUnits;
        NewUnits = data.NewUnits;
        Mappings = data.Mappings;
        _oldByCode = OldUnits.ToDictionary(u => u.Code, StringComparer.Ordinal);
        _newByCode = NewUnits.ToDictionary(u => u.Code, StringComparer.Ordinal);

        var districts = new List<OldDistrict>();
        _districtByCode = new Dictionary<string, OldDistrict>(StringComparer.Ordinal);
        foreach (var unit in OldUnits)
        {
            if (_districtByCode.ContainsKey(unit.DistrictCode)) continue;
            var type = DistrictTypes.First(t => unit.DistrictName.StartsWith(t + " ", StringComparison.Ordinal));
            var district = new OldDistrict(unit.DistrictCode, unit.DistrictName, type);
            _districtByCode[district.Code] = district;
            districts.Add(district);
        }
        Districts = districts;

        _newUnitsOf = Mappings.GroupBy(m => m.Old.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<NewUnitShare>)g.Select(m => new NewUnitShare(m.New, m.MergeType)).ToList(), StringComparer.Ordinal);
        _oldUnitsOf = Mappings.GroupBy(m => m.New.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<OldUnitShare>)g.Select(m => new OldUnitShare(m.Old, m.MergeType)).ToList(), StringComparer.Ordinal);

        _oldFolded = OldUnits.ToDictionary(u => u, u => VietnameseText.FoldPhrase(u.BaseName));
        _newFolded = NewUnits.ToDictionary(u => u, u => VietnameseText.FoldPhrase(u.BaseName));
        _longerNameCheck = _oldFolded.Values.Concat(_newFolded.Values).Distinct(StringComparer.Ordinal)
            .Select(f => (f, f.Split(' ').Length)).ToArray();
        foreach (var unit in OldUnits) AddNames(_oldIndex, unit, unit.BaseName);
        foreach (var unit in NewUnits) AddNames(_newIndex, unit, unit.BaseName);
        foreach (var district in Districts) AddNames(_districtIndex, district, district.BaseName);
    }

    /// <summary>Indexes a name and, for compound names ("Văn Miếu - Quốc Tử Giám"), each of its parts.</summary>
    private static void AddNames<T>(PhraseIndex<T> index, T value, string baseName) where T : class
    {
        index.Add(value, baseName);
        var parts = baseName.Split(" - ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > 1) foreach (var part in parts) index.Add(value, part);
    }

    /// <summary>The 526 old commune-level units in the order of the data file.</summary>
    public IReadOnlyList<OldUnit> OldUnits { get; }

    /// <summary>The 126 new commune-level units in the order of the data file.</summary>
    public IReadOnlyList<NewUnit> NewUnits { get; }

    /// <summary>The 796 old → new pairs.</summary>
    public IReadOnlyList<UnitMapping> Mappings { get; }

    /// <summary>The 30 old districts (quận/huyện/thị xã).</summary>
    public IReadOnlyList<OldDistrict> Districts { get; }

    /// <summary>The data directory copied next to the application: &lt;base&gt;/data/admin-units.</summary>
    public static string DefaultDataDirectory => Path.Combine(AppContext.BaseDirectory, "data", "admin-units");

    /// <summary>The registry loaded once from <see cref="DefaultDataDirectory"/>.</summary>
    public static AdminUnitRegistry Default => DefaultInstance.Value;

    /// <summary>Loads from <see cref="DefaultDataDirectory"/>.</summary>
    public static AdminUnitRegistry Load() => Load(DefaultDataDirectory);

    /// <summary>Loads and validates the three CSV files; throws <see cref="AdminUnitDataException"/> (Vietnamese message) when they are missing or inconsistent.</summary>
    public static AdminUnitRegistry Load(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return new AdminUnitRegistry(AdminUnitDataLoader.Load(dataDirectory));
    }

    public OldUnit? FindOldByCode(string code) => _oldByCode.GetValueOrDefault(code);

    public NewUnit? FindNewByCode(string code) => _newByCode.GetValueOrDefault(code);

    /// <summary>The new unit(s) an old unit went into, with the merge type.</summary>
    public IReadOnlyList<NewUnitShare> NewUnitsOf(OldUnit unit) => _newUnitsOf.GetValueOrDefault(unit.Code) ?? [];

    /// <summary>The old units that formed a new unit, with the merge type.</summary>
    public IReadOnlyList<OldUnitShare> OldUnitsOf(NewUnit unit) => _oldUnitsOf.GetValueOrDefault(unit.Code) ?? [];

    /// <summary>The old units of an old district.</summary>
    public IReadOnlyList<OldUnit> OldUnitsIn(OldDistrict district) => OldUnits.Where(u => u.DistrictCode == district.Code).ToList();

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

    private OldUnitResolution BuildOld(
        string query, PhraseHit<OldUnit> pool, string? typeName, OldDistrict? district, string? unrecognizedDistrict, string matched)
    {
        bool hasType = typeName is not null && OldUnitTypes.Contains(typeName);
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

        var candidates = chosen.Select(u => new OldUnitCandidate(u, NewUnitsOf(u))).ToList();
        var notes = new List<string>();
        if (unrecognizedDistrict is not null) notes.Add($"Không nhận ra quận/huyện «{unrecognizedDistrict}» nên chưa dùng để lọc.");
        var display = DisplayBase(candidates.Select(c => c.Unit.BaseName), matched);
        if (typeRelaxed) notes.Add($"Lưu ý: trước 01/7/2025 không có {AdminUnitNames.Lower(typeName!)} nào tên {display}.");
        if (districtRelaxed) notes.Add($"Lưu ý: {district!.Name} (cũ) không có đơn vị nào tên {display}.");

        var body = candidates.Count == 1 ? SingleOldMessage(candidates[0]) : AmbiguousOldMessage(candidates, matched);
        var message = string.Join(' ', notes.Append(body)) + SourceSentence;
        return new OldUnitResolution(query, candidates, candidates.Count > 1, district, message, []);
    }

    private static string DisplayBase(IEnumerable<string> baseNames, string matched)
    {
        var distinct = baseNames.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : $"«{matched}»";
    }

    private static string SingleOldMessage(OldUnitCandidate candidate)
    {
        var unit = candidate.Unit;
        if (candidate.NewUnits.Count == 1)
        {
            var share = candidate.NewUnits[0];
            return $"{unit.NameWithDistrict} từ 01/7/2025 thuộc {share.Unit.Name} ({AdminUnitNames.MergeText(share.MergeType)}).";
        }
        var names = string.Join(", ", candidate.NewUnits.Select(s => s.Unit.Name));
        return $"{unit.NameWithDistrict} từ 01/7/2025 được chia cho: {names} — cần số nhà/đường (hoặc thôn, tổ dân phố) để xác định thuộc đơn vị mới nào.";
    }

    private static string BriefOld(OldUnitCandidate candidate)
    {
        if (candidate.NewUnits.Count == 1)
        {
            var share = candidate.NewUnits[0];
            return share.MergeType == MergeType.Full ? $"nay thuộc {share.Unit.Name}" : $"nay thuộc {share.Unit.Name} (một phần)";
        }
        return $"nay được chia cho {string.Join(", ", candidate.NewUnits.Select(s => s.Unit.Name))}";
    }

    private static string AmbiguousOldMessage(IReadOnlyList<OldUnitCandidate> candidates, string matched)
    {
        var first = candidates[0].Unit;
        bool sameName = candidates.All(c => c.Unit.Name == first.Name);
        bool sameDistrict = candidates.All(c => c.Unit.DistrictCode == first.DistrictCode);
        var types = candidates.Select(c => AdminUnitNames.Lower(c.Unit.Type)).Distinct(StringComparer.Ordinal).ToList();
        var bases = candidates.Select(c => c.Unit.BaseName).Distinct(StringComparer.Ordinal).ToList();
        var head = sameName
            ? $"Trước 01/7/2025 có {candidates.Count} đơn vị cùng tên {first.Name}: "
            : bases.Count == 1
                ? $"Trước 01/7/2025 có {candidates.Count} đơn vị tên {bases[0]}: "
                : $"Trước 01/7/2025 có {candidates.Count} đơn vị có tên gần giống «{matched}»: ";
        var list = string.Join("; ", candidates.Select(c => $"{c.Unit.NameWithDistrict} {BriefOld(c)}"));
        string ask;
        if (sameDistrict && types.Count == candidates.Count && bases.Count == 1)
            ask = $"Bạn hỏi {string.Join(" hay ", types)} {bases[0]}?";
        else if (sameName)
            ask = "Bạn hỏi đơn vị thuộc quận/huyện nào?";
        else
            ask = "Bạn hỏi đơn vị nào (tên đầy đủ và quận/huyện cũ)?";
        return $"{head}{list}. {ask}";
    }

    private OldUnitResolution NotFoundOld(
        string query, IReadOnlyList<UnitToken> tokens, OldDistrict? district, string? unrecognizedDistrict, DistrictHit? districtInName)
    {
        if (tokens.Count == 0)
        {
            return new OldUnitResolution(query, [], false, district, "Bạn chưa cho biết tên phường/xã/thị trấn cũ cần tra.", []);
        }

        var residual = Residual(tokens, districtInName);
        var suggestions = residual.Length == 0
            ? []
            : OldUnits
                .Select(u => (Unit: u, Distance: AdminUnitText.EditDistance(residual, _oldFolded[u])))
                .OrderBy(x => x.Distance)
                .ThenBy(x => district is not null && x.Unit.DistrictCode == district.Code ? 0 : 1)
                .ThenBy(x => x.Unit.Name, StringComparer.Ordinal)
                .Take(3)
                .Select(x => x.Unit.NameWithDistrict)
                .ToList();

        var parts = new List<string>();
        if (unrecognizedDistrict is not null) parts.Add($"Không nhận ra quận/huyện «{unrecognizedDistrict}».");
        if (residual.Length == 0 && district is not null)
        {
            parts.Add($"«{query.Trim()}» là tên quận/huyện cũ, không phải phường/xã; hãy cho biết tên phường/xã/thị trấn cũ cần tra.");
            return new OldUnitResolution(query, [], false, district, string.Join(' ', parts), []);
        }
        parts.Add($"Không tìm thấy phường/xã/thị trấn cũ (trước 01/7/2025) nào tên «{query.Trim()}» trong danh mục {ExpectedOldUnitCount} đơn vị của Hà Nội.");

        var newHit = Choose(FindCommuneHits(tokens, includeOld: false, includeNew: true), tokens, freeText: false);
        if (newHit?.New is not null)
        {
            var unit = newHit.New.Best[0];
            parts.Add($"{unit.Name} là tên đơn vị mới từ 01/7/2025, được hình thành từ: {OldSharesText(OldUnitsOf(unit))}.");
            suggestions = [];
        }
        if (suggestions.Count > 0) parts.Add($"Có phải bạn muốn hỏi: {string.Join("; ", suggestions)}?");
        return new OldUnitResolution(query, [], false, district, string.Join(' ', parts), suggestions);
    }

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

    private NewUnitResolution BuildNew(string query, NewUnit unit)
    {
        var shares = OldUnitsOf(unit);
        var message = $"{unit.Name} (từ 01/7/2025) được hình thành từ {shares.Count} đơn vị cũ: {OldSharesText(shares)}.{SourceSentence}";
        return new NewUnitResolution(query, unit, shares, message, []);
    }

    /// <summary>"toàn bộ Phường A, Phường B (quận X); một phần Phường C (quận Y)".</summary>
    private static string OldSharesText(IReadOnlyList<OldUnitShare> shares)
    {
        var parts = new List<string>();
        foreach (var type in new[] { MergeType.Full, MergeType.Partial })
        {
            var units = shares.Where(s => s.MergeType == type).Select(s => s.Unit).ToList();
            if (units.Count > 0) parts.Add($"{AdminUnitNames.ShareText(type)} {GroupByDistrict(units)}");
        }
        return string.Join("; ", parts);
    }

    /// <summary>"Phường A, Phường B (quận X), Xã C (huyện Y)": units grouped by district in order of first appearance.</summary>
    private static string GroupByDistrict(IReadOnlyList<OldUnit> units) =>
        string.Join(", ", units.GroupBy(u => u.DistrictCode, StringComparer.Ordinal)
            .Select(g => $"{string.Join(", ", g.Select(u => u.Name))} ({AdminUnitNames.InlineDistrict(g.First().DistrictName)})"));

    private NewUnitResolution NotFoundNew(string query, IReadOnlyList<UnitToken> tokens)
    {
        if (tokens.Count == 0) return new NewUnitResolution(query, null, [], "Bạn chưa cho biết tên phường/xã mới cần tra.", []);

        var residual = Residual(tokens, null);
        var suggestions = residual.Length == 0
            ? []
            : NewUnits
                .Select(u => (Unit: u, Distance: AdminUnitText.EditDistance(residual, _newFolded[u])))
                .OrderBy(x => x.Distance)
                .ThenBy(x => x.Unit.Name, StringComparer.Ordinal)
                .Take(3)
                .Select(x => x.Unit.Name)
                .ToList();

        var parts = new List<string>
        {
            $"Không tìm thấy phường/xã mới (từ 01/7/2025) nào tên «{query.Trim()}» trong danh mục {ExpectedNewUnitCount} đơn vị của Hà Nội.",
        };
        var oldHit = Choose(FindCommuneHits(tokens, includeOld: true, includeNew: false), tokens, freeText: false);
        if (oldHit?.Old is not null)
        {
            var old = BuildOld(query, oldHit.Old, oldHit.TypeWord.TypeName, null, null, query.Trim());
            parts.Add($"Đây là tên đơn vị cũ (trước 01/7/2025): {StripSource(old.Message)}");
            suggestions = [];
        }
        if (suggestions.Count > 0) parts.Add($"Có phải bạn muốn hỏi: {string.Join(", ", suggestions)}?");
        return new NewUnitResolution(query, null, [], string.Join(' ', parts), suggestions);
    }

    // ------------------------------------------------------------------ free text

    /// <summary>
    /// Finds the unit a free-text question is about ("phường Dịch Vọng Hậu cũ giờ thuộc phường nào",
    /// "xa kim chung huyen hoai duc sau sap nhap la xa nao") and answers it. Names preceded by a type word win,
    /// then longer names; a district is looked for anywhere in the text. When the name is both an old and a new unit
    /// and the text says neither "cũ" nor "mới" right by it, both readings are given. A bare name that is also an old
    /// district's ("Cầu Giấy", "Hà Đông") is read as the district. Returns null when the text names
    /// no unit and no district.
    /// </summary>
    public AdminUnitTextMatch? FindInText(string text)
    {
        var (normalized, tokens) = AdminUnitText.Tokenize(text);
        if (tokens.Count == 0) return null;

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

        var hint = AdminUnitText.ReadingHint(tokens);
        UnitReading reading;
        string message;
        if (old is not null && @new is not null)
        {
            reading = UnitReading.Both;
            var label = typeName is null ? @new.Unit!.BaseName : $"{AdminUnitNames.Lower(typeName)} {@new.Unit!.BaseName}";
            var oldPart = $"Nếu là đơn vị cũ: {StripSource(old.Message)}";
            var newPart = $"Nếu là đơn vị mới: {StripSource(@new.Message)}";
            var first = hint == UnitReading.New ? newPart : oldPart;
            var second = hint == UnitReading.New ? oldPart : newPart;
            message = $"«{label}» vừa là tên đơn vị cũ (trước 01/7/2025) vừa là tên đơn vị mới (từ 01/7/2025). {first} {second}{SourceSentence}";
        }
        else
        {
            reading = old is not null ? UnitReading.Old : UnitReading.New;
            message = old?.Message ?? @new!.Message;
        }

        return new AdminUnitTextMatch(matched, hit.IsTyped ? typeName : null, reading, reading == UnitReading.Both ? hint : null, old, @new, district, message);
    }

    private AdminUnitTextMatch DistrictOnly(string matched, OldDistrict district)
    {
        var units = OldUnitsIn(district);
        var newUnits = units.SelectMany(NewUnitsOf).Select(s => s.Unit).Distinct().ToList();
        var message =
            $"{district.Name} (trước 01/7/2025) có {units.Count} đơn vị cấp xã. Từ 01/7/2025 không còn cấp quận/huyện; " +
            $"địa bàn {district.InlineName} cũ nay thuộc (toàn bộ hoặc một phần) {newUnits.Count} phường/xã mới: {string.Join(", ", newUnits.Select(u => u.Name))}. " +
            $"Hãy cho biết tên phường/xã/thị trấn cũ để tra chính xác.{SourceSentence}";
        return new AdminUnitTextMatch(matched, null, UnitReading.DistrictOnly, null, null, null, district, message);
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

    private List<CommuneHit> FindCommuneHits(IReadOnlyList<UnitToken> tokens, bool includeOld, bool includeNew)
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
    private CommuneHit? Choose(IEnumerable<CommuneHit> hits, IReadOnlyList<UnitToken> tokens, bool freeText)
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
    private static bool IsPlausibleBareName(IReadOnlyList<UnitToken> tokens, CommuneHit hit, IReadOnlyList<PhraseHit<OldDistrict>> districtHits)
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
    private bool IsTruncatedMisspelling(IReadOnlyList<UnitToken> tokens, CommuneHit hit)
    {
        int next = hit.End;
        if (next >= tokens.Count || tokens[next].BreakBefore) return false;
        if (AdminUnitText.MarkerAt(tokens, next) is not null || AdminUnitText.TypeWordLengthAt(tokens, next) > 0) return false;
        // "Dịch Vọng Cầu Giấy", "Thanh Xuân Sóc Sơn": the next word starts a district or another unit name.
        if (_districtIndex.HasPhraseAt(tokens, next) || _oldIndex.HasPhraseAt(tokens, next) || _newIndex.HasPhraseAt(tokens, next)) return false;
        var extended = AdminUnitText.FoldedPhrase(tokens, hit.Start, next + 1);
        return _longerNameCheck.Any(n => n.Syllables > hit.Length && n.Folded != extended && AdminUnitText.EditDistance(extended, n.Folded) <= 2);
    }

    /// <summary>A district mention outside <paramref name="exclude"/>: after a district type word, or bare (with exact diacritics).</summary>
    private DistrictHit? DetectDistrict(IReadOnlyList<UnitToken> tokens, (int Start, int End) exclude, int anchor)
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
    private static bool AfterStreetWord(IReadOnlyList<UnitToken> tokens, int start) =>
        start > 0 && (tokens[start - 1].Folded.All(char.IsAsciiDigit) || StreetWords.Any(w => w.MatchesAt(tokens, start - 1)));

    /// <summary>The folded input without leading type words, "cũ"/"mới" and the district mention: what is compared for suggestions.</summary>
    private static string Residual(IReadOnlyList<UnitToken> tokens, DistrictHit? district)
    {
        var kept = new List<string>();
        int i = 0;
        while (i < tokens.Count)
        {
            int typeLength = AdminUnitText.TypeWordLengthAt(tokens, i);
            if (typeLength == 0) break;
            i += typeLength;
        }
        for (; i < tokens.Count; i++)
        {
            if (district is not null && i >= district.SpanStart && i < district.Hit.End) continue;
            if (AdminUnitText.MarkerAt(tokens, i) is not null) continue;
            kept.Add(tokens[i].Folded);
        }
        return string.Join(' ', kept);
    }

    private static string Slice(string text, IReadOnlyList<UnitToken> tokens, int start, int end) =>
        text[tokens[start].Start..tokens[end - 1].End];

    private static string StripSource(string message) =>
        message.EndsWith(SourceSentence, StringComparison.Ordinal) ? message[..^SourceSentence.Length] : message;
}
