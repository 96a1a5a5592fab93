using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;
using Assistant.Triage.Model;
using Assistant.Vietnamese;

namespace Assistant.Triage.Routing;

/// <summary>Where a dossier goes: the new unit(s) and the receiving office, with reasons for review when unsure.</summary>
public sealed record RoutingResult(RouteInfo Route, IReadOnlyList<string> ReviewReasons);

/// <summary>
/// Resolves the parcel to the new commune-level unit(s) after 1 July 2025: from the old commune (+ old district) with
/// <see cref="AdminUnitRegistry.ResolveOld"/>, else from the new unit with <see cref="AdminUnitRegistry.ResolveNew"/>.
/// A partial merge gives every candidate and a review reason asking for the address. The office comes from the
/// procedure's executing agency in the catalogue.
/// </summary>
public sealed class DossierRouter(AdminUnitRegistry registry)
{
    // The catalogue's own wording for the executing agency (not everyday vocabulary), compared folded as some entries
    // are typed without diacritics; a whole agency line is one run.
    private static readonly PhraseList ExecutingAgencyHeading = new(["cơ quan thực hiện"], MatchMode.Folded, SyllableOptions.NoBreaks);
    private static readonly PhraseList CommuneCommittee = new(["ủy ban nhân dân cấp xã", "ubnd cấp xã"], MatchMode.Folded, SyllableOptions.NoBreaks);
    private static readonly PhraseList ProvinceChair = new(["chủ tịch ubnd cấp tỉnh", "chủ tịch ủy ban nhân dân cấp tỉnh"], MatchMode.Folded, SyllableOptions.NoBreaks);

    public AdminUnitRegistry Registry => registry;

    public RoutingResult Route(ParcelInfo parcel, LandProcedure? procedure)
    {
        var reasons = new List<string>();
        var candidates = new List<UnitCandidate>();
        string? oldCommune = parcel.OldCommune, oldDistrict = parcel.OldDistrict;

        if (parcel.OldCommune is not null)
        {
            var res = registry.ResolveOld(parcel.OldCommune, parcel.OldDistrict);
            if (!res.IsFound)
            {
                reasons.Add($"Không xác định được xã/phường cũ «{parcel.OldCommune}»{(parcel.OldDistrict is null ? "" : $" ({parcel.OldDistrict})")}: {AdminUnitMessages.Render(res)}");
            }
            else
            {
                if (res.IsAmbiguous)
                    reasons.Add($"Tên xã/phường cũ «{parcel.OldCommune}» trùng nhiều đơn vị; cần ghi rõ quận/huyện cũ. {AdminUnitMessages.Render(res)}");
                foreach (var c in res.Candidates)
                    foreach (var share in c.NewUnits)
                        if (!candidates.Any(x => x.UnitCode == share.Unit.Code))
                            candidates.Add(new UnitCandidate(share.Unit.Code, share.Unit.Name, share.MergeType == MergeType.Full ? "full" : "partial"));
                if (res.Candidates.Count == 1)
                {
                    oldCommune = res.Candidates[0].Unit.Name;
                    oldDistrict = res.Candidates[0].Unit.DistrictName;
                }
                if (res.Candidates.Any(c => c.IsSplit))
                    reasons.Add($"{res.Candidates.First(c => c.IsSplit).Unit.NameWithDistrict} được chia cho nhiều xã/phường mới ({string.Join(", ", candidates.Select(c => c.UnitName))}); cần địa chỉ chi tiết (số nhà, đường, thôn, tổ dân phố) để xác định nơi tiếp nhận."
                                + (parcel.Address is null ? "" : $" Địa chỉ khai: «{parcel.Address}» — cán bộ đối chiếu."));
            }
            if (parcel.NewUnit is not null && candidates.Count > 0)
            {
                var n = registry.ResolveNew(parcel.NewUnit);
                if (n.Unit is not null)
                {
                    if (candidates.Any(c => c.UnitCode == n.Unit.Code))
                    {
                        // The declared new unit settles a split.
                        candidates = candidates.Where(c => c.UnitCode == n.Unit.Code).ToList();
                        reasons.RemoveAll(r => r.Contains("được chia cho nhiều", StringComparison.Ordinal));
                    }
                    else reasons.Add($"Xã/phường mới khai «{n.Unit.Name}» không khớp với xã/phường cũ «{parcel.OldCommune}».");
                }
            }
        }
        else if (parcel.NewUnit is not null)
        {
            var n = registry.ResolveNew(parcel.NewUnit);
            if (n.Unit is null) reasons.Add($"Không xác định được xã/phường mới «{parcel.NewUnit}»: {AdminUnitMessages.Render(n)}");
            else candidates.Add(new UnitCandidate(n.Unit.Code, n.Unit.Name, "new"));
        }
        else
        {
            reasons.Add("Hồ sơ chưa ghi xã/phường của thửa đất (cũ hoặc mới); cần bổ sung để xác định nơi tiếp nhận.");
        }

        var agency = procedure is null ? [] : ExecutingAgency(procedure);
        var office = Office(procedure, agency, candidates.Count == 1 ? candidates[0] : null);
        return new RoutingResult(new RouteInfo(candidates, office, oldCommune, oldDistrict, agency), reasons);
    }

    /// <summary>The "Cơ quan thực hiện" line of the catalogue, split into agencies.</summary>
    internal static IReadOnlyList<string> ExecutingAgency(LandProcedure procedure)
    {
        var line = procedure.Agency.FirstOrDefault(ExecutingAgencyHeading.ContainsAny)
                   ?? procedure.Agency.FirstOrDefault() ?? "";
        int colon = line.IndexOf(':');
        var list = colon >= 0 ? line[(colon + 1)..] : line;
        return list.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.TrimEnd('.').Trim()).Where(s => s.Length > 0 && !s.StartsWith("và các", StringComparison.Ordinal)).ToList();
    }

    private static string? Office(LandProcedure? procedure, IReadOnlyList<string> agency, UnitCandidate? unit)
    {
        if (procedure is null) return null;
        var first = Tokenizer.Tokenize(agency.FirstOrDefault(), SyllableOptions.NoBreaks);
        if (CommuneCommittee.StartsWithAny(first))
            return unit is null ? "UBND xã/phường nơi có đất (chưa xác định được xã/phường)" : $"UBND {unit.UnitName}";
        if (ProvinceChair.StartsWithAny(first))
            return "UBND thành phố Hà Nội (qua Sở Nông nghiệp và Môi trường)";
        return unit is null
            ? "Chi nhánh Văn phòng đăng ký đất đai Hà Nội (chưa xác định được xã/phường nơi có đất)"
            : $"Chi nhánh Văn phòng đăng ký đất đai Hà Nội phụ trách {unit.UnitName} (nộp tại Trung tâm Phục vụ hành chính công {unit.UnitName})";
    }
}
