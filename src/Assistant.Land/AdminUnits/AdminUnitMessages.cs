namespace Assistant.Land.AdminUnits;

/// <summary>
/// Every Vietnamese sentence about administrative units, worded from the data of a lookup: one paragraph per answer,
/// ending with the legal basis when the answer rests on the mapping. The results themselves carry no text: callers
/// render one explicitly with <c>Render</c>.
/// </summary>
public static class AdminUnitMessages
{
    /// <summary>"Phường Trúc Bạch (quận Ba Đình) từ 01/7/2025 thuộc Phường Ba Đình (nhập toàn bộ). Căn cứ: …".</summary>
    public static string Render(OldUnitResolution resolution)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        return Body(resolution) + SourceSentence(resolution.Source);
    }

    /// <summary>"Phường Cầu Giấy (từ 01/7/2025) được hình thành từ 6 đơn vị cũ: … Căn cứ: …".</summary>
    public static string Render(NewUnitResolution resolution)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        return Body(resolution) + SourceSentence(resolution.Source);
    }

    /// <summary>The answer for the reading(s) found; when the name is both an old and a new unit, both, the likelier first.</summary>
    public static string Render(AdminUnitTextMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        switch (match.Reading)
        {
            case UnitReading.Both:
                {
                    var oldPart = $"Nếu là đơn vị cũ: {Body(match.Old!)}";
                    var newPart = $"Nếu là đơn vị mới: {Body(match.New!)}";
                    var first = match.LikelyReading == UnitReading.New ? newPart : oldPart;
                    var second = match.LikelyReading == UnitReading.New ? oldPart : newPart;
                    var newUnit = match.New!.Unit!;
                    var label = match.TypeWord is null ? newUnit.BaseName : $"{AdminUnitNames.Lower(match.TypeWord)} {newUnit.BaseName}";
                    return $"«{label}» vừa là tên đơn vị cũ (trước 01/7/2025) vừa là tên đơn vị mới (từ 01/7/2025). {first} {second}{SourceSentence(match.Source)}";
                }
            case UnitReading.DistrictOnly:
                {
                    var district = match.District!;
                    var units = match.DistrictUnits!;
                    return $"{district.Name} (trước 01/7/2025) có {units.OldUnits.Count} đơn vị cấp xã. Từ 01/7/2025 không còn cấp quận/huyện; " +
                           $"địa bàn {district.InlineName} cũ nay thuộc (toàn bộ hoặc một phần) {units.NewUnits.Count} phường/xã mới: {string.Join(", ", units.NewUnits.Select(u => u.Name))}. " +
                           $"Hãy cho biết tên phường/xã/thị trấn cũ để tra chính xác.{SourceSentence(match.Source)}";
                }
            case UnitReading.Old:
                return Render(match.Old!);
            default:
                return Render(match.New!);
        }
    }

    private static string MergeText(MergeType type) => type == MergeType.Full ? "nhập toàn bộ" : "nhập một phần";

    private static string ShareText(MergeType type) => type == MergeType.Full ? "toàn bộ" : "một phần";

    private static string SourceSentence(string? source) => source is null ? string.Empty : $" Căn cứ: {source}.";

    // ------------------------------------------------------------------ old → new

    private static string Body(OldUnitResolution r)
    {
        switch (r.Outcome)
        {
            case UnitLookupOutcome.NoName:
                return "Bạn chưa cho biết tên phường/xã/thị trấn cũ cần tra.";
            case UnitLookupOutcome.DistrictName:
                return string.Join(' ', UnrecognizedDistrictNote(r).Append(
                    $"«{r.Query.Trim()}» là tên quận/huyện cũ, không phải phường/xã; hãy cho biết tên phường/xã/thị trấn cũ cần tra."));
            case UnitLookupOutcome.NotFound:
                {
                    var parts = UnrecognizedDistrictNote(r).ToList();
                    parts.Add($"Không tìm thấy phường/xã/thị trấn cũ (trước 01/7/2025) nào tên «{r.Query.Trim()}» trong danh mục {AdminUnitRegistry.ExpectedOldUnitCount} đơn vị của Hà Nội.");
                    if (r.AsNewUnit is { Unit: { } unit } asNew)
                        parts.Add($"{unit.Name} là tên đơn vị mới từ 01/7/2025, được hình thành từ: {OldSharesText(asNew.OldUnits)}.");
                    if (r.SuggestedUnits.Count > 0)
                        parts.Add($"Có phải bạn muốn hỏi: {string.Join("; ", r.SuggestedUnits.Select(u => u.NameWithDistrict))}?");
                    return string.Join(' ', parts);
                }
            default:
                return FoundOld(r);
        }
    }

    private static IEnumerable<string> UnrecognizedDistrictNote(OldUnitResolution r) =>
        r.UnrecognizedDistrict is null ? [] : [$"Không nhận ra quận/huyện «{r.UnrecognizedDistrict}»."];

    private static string FoundOld(OldUnitResolution r)
    {
        var candidates = r.Candidates;
        var matched = r.MatchedText ?? r.Query.Trim();
        var notes = new List<string>();
        if (r.UnrecognizedDistrict is not null) notes.Add($"Không nhận ra quận/huyện «{r.UnrecognizedDistrict}» nên chưa dùng để lọc.");
        var display = DisplayBase(candidates.Select(c => c.Unit.BaseName), matched);
        if (r.RelaxedType is not null) notes.Add($"Lưu ý: trước 01/7/2025 không có {AdminUnitNames.Lower(r.RelaxedType)} nào tên {display}.");
        if (r.DistrictRelaxed) notes.Add($"Lưu ý: {r.District!.Name} (cũ) không có đơn vị nào tên {display}.");

        var body = candidates.Count == 1 ? SingleOld(candidates[0]) : AmbiguousOld(candidates, matched);
        return string.Join(' ', notes.Append(body));
    }

    /// <summary>The shared base name when every candidate has it, else the text as matched in quotes.</summary>
    private static string DisplayBase(IEnumerable<string> baseNames, string matched)
    {
        var distinct = baseNames.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : $"«{matched}»";
    }

    private static string SingleOld(OldUnitCandidate candidate)
    {
        var unit = candidate.Unit;
        if (candidate.NewUnits.Count == 1)
        {
            var share = candidate.NewUnits[0];
            return $"{unit.NameWithDistrict} từ 01/7/2025 thuộc {share.Unit.Name} ({MergeText(share.MergeType)}).";
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

    private static string AmbiguousOld(IReadOnlyList<OldUnitCandidate> candidates, string matched)
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

    // ------------------------------------------------------------------ new → old

    private static string Body(NewUnitResolution r)
    {
        switch (r.Outcome)
        {
            case UnitLookupOutcome.Found:
                return $"{r.Unit!.Name} (từ 01/7/2025) được hình thành từ {r.OldUnits.Count} đơn vị cũ: {OldSharesText(r.OldUnits)}.";
            case UnitLookupOutcome.NoName:
                return "Bạn chưa cho biết tên phường/xã mới cần tra.";
            default:
                {
                    var parts = new List<string>
                {
                    $"Không tìm thấy phường/xã mới (từ 01/7/2025) nào tên «{r.Query.Trim()}» trong danh mục {AdminUnitRegistry.ExpectedNewUnitCount} đơn vị của Hà Nội.",
                };
                    if (r.AsOldUnit is not null) parts.Add($"Đây là tên đơn vị cũ (trước 01/7/2025): {Body(r.AsOldUnit)}");
                    if (r.SuggestedUnits.Count > 0) parts.Add($"Có phải bạn muốn hỏi: {string.Join(", ", r.SuggestedUnits.Select(u => u.Name))}?");
                    return string.Join(' ', parts);
                }
        }
    }

    /// <summary>"toàn bộ Phường A, Phường B (quận X); một phần Phường C (quận Y)".</summary>
    private static string OldSharesText(IReadOnlyList<OldUnitShare> shares)
    {
        var parts = new List<string>();
        foreach (var type in new[] { MergeType.Full, MergeType.Partial })
        {
            var units = shares.Where(s => s.MergeType == type).Select(s => s.Unit).ToList();
            if (units.Count > 0) parts.Add($"{ShareText(type)} {GroupByDistrict(units)}");
        }
        return string.Join("; ", parts);
    }

    /// <summary>"Phường A, Phường B (quận X), Xã C (huyện Y)": units grouped by district in order of first appearance.</summary>
    private static string GroupByDistrict(IReadOnlyList<OldUnit> units) =>
        string.Join(", ", units.GroupBy(u => u.DistrictCode, StringComparer.Ordinal)
            .Select(g => $"{string.Join(", ", g.Select(u => u.Name))} ({AdminUnitNames.InlineDistrict(g.First().DistrictName)})"));
}
