namespace Assistant.Land.AdminUnits;

/// <summary>How an old commune-level unit went into a new one on 1 July 2025.</summary>
public enum MergeType
{
    /// <summary>The whole old unit went into this new unit ("nhập toàn bộ").</summary>
    Full,

    /// <summary>Only part of the old unit went into this new unit; the rest went elsewhere ("nhập một phần").</summary>
    Partial,
}

/// <summary>A district-level unit (quận/huyện/thị xã) of Hanoi before 1 July 2025; that level no longer exists.</summary>
/// <param name="Code">GSO code, 3 digits, e.g. "005".</param>
/// <param name="Name">Full name with its type word, e.g. "Quận Cầu Giấy".</param>
/// <param name="Type">"Quận", "Huyện" or "Thị xã".</param>
public sealed record OldDistrict(string Code, string Name, string Type)
{
    /// <summary>The name without its type word, e.g. "Cầu Giấy".</summary>
    public string BaseName => AdminUnitNames.StripType(Name, Type);

    /// <summary>The name as written inside a sentence: "quận Cầu Giấy", "thị xã Sơn Tây".</summary>
    public string InlineName => AdminUnitNames.Inline(Name, Type);

    public override string ToString() => Name;
}

/// <summary>A commune-level unit (phường/xã/thị trấn) of Hanoi as of 1 March 2025, before the merger.</summary>
/// <param name="Code">GSO code, 5 digits, e.g. "00167".</param>
/// <param name="Name">Full name with its type word, e.g. "Phường Dịch Vọng Hậu".</param>
/// <param name="Type">"Phường", "Xã" or "Thị trấn".</param>
/// <param name="DistrictCode">GSO code of its district, e.g. "005".</param>
/// <param name="DistrictName">Full name of its district, e.g. "Quận Cầu Giấy".</param>
public sealed record OldUnit(string Code, string Name, string Type, string DistrictCode, string DistrictName)
{
    /// <summary>The name without its type word, e.g. "Dịch Vọng Hậu".</summary>
    public string BaseName => AdminUnitNames.StripType(Name, Type);

    /// <summary>"Phường Dịch Vọng Hậu (quận Cầu Giấy)".</summary>
    public string NameWithDistrict => $"{Name} ({AdminUnitNames.InlineDistrict(DistrictName)})";

    public override string ToString() => NameWithDistrict;
}

/// <summary>A commune-level unit (phường/xã) of Hanoi from 1 July 2025 (Resolution 1656/NQ-UBTVQH15).</summary>
/// <param name="Code">Code from 1027/CTK-CSCL, 5 digits, e.g. "00166".</param>
/// <param name="Name">Full name with its type word, e.g. "Phường Cầu Giấy".</param>
/// <param name="Type">"Phường" or "Xã".</param>
public sealed record NewUnit(string Code, string Name, string Type)
{
    /// <summary>The name without its type word, e.g. "Cầu Giấy".</summary>
    public string BaseName => AdminUnitNames.StripType(Name, Type);

    public override string ToString() => Name;
}

/// <summary>One pair of the old → new mapping.</summary>
public sealed record UnitMapping(OldUnit Old, NewUnit New, MergeType MergeType);

/// <summary>A new unit that (part of) an old unit went into.</summary>
public sealed record NewUnitShare(NewUnit Unit, MergeType MergeType);

/// <summary>An old unit that (part of) went into a new unit.</summary>
public sealed record OldUnitShare(OldUnit Unit, MergeType MergeType);

/// <summary>An old unit matching a query, with the new unit(s) it went into, in the order of the mapping data.</summary>
public sealed record OldUnitCandidate(OldUnit Unit, IReadOnlyList<NewUnitShare> NewUnits)
{
    /// <summary>True when the old unit was divided between several new units (an address is needed to decide).</summary>
    public bool IsSplit => NewUnits.Count > 1;
}

/// <summary>What a lookup of a unit by name came to.</summary>
public enum UnitLookupOutcome
{
    /// <summary>One or more units have the name.</summary>
    Found,

    /// <summary>The input holds no name at all (empty, or only punctuation).</summary>
    NoName,

    /// <summary>The input names an old district, not a commune-level unit (old-unit lookups only).</summary>
    DistrictName,

    /// <summary>No unit has the name.</summary>
    NotFound,
}

/// <summary>
/// The answer to "which new unit does this old unit belong to now", as data: <see cref="AdminUnitMessages"/> turns it
/// into the Vietnamese sentence.
/// </summary>
/// <param name="Query">The name as asked.</param>
/// <param name="Outcome">Whether old units were found, and if not, why.</param>
/// <param name="MatchedText">When found: the name as written in the query (without its type word), shown when several
/// units share a similar name; null otherwise.</param>
/// <param name="Candidates">The matching old units; empty when none matched.</param>
/// <param name="District">The district understood from the input, if any.</param>
/// <param name="UnrecognizedDistrict">The district given separately when it names no old district; it was not used to filter.</param>
/// <param name="RelaxedType">The type word asked ("Xã") when no old unit of that type has the name, so the candidates are of another type.</param>
/// <param name="DistrictRelaxed">True when <paramref name="District"/> has no old unit of that name, so the candidates are from elsewhere.</param>
/// <param name="SuggestedUnits">When nothing matched: up to three closest old units.</param>
/// <param name="AsNewUnit">When no old unit has the name but a new unit does: that new unit and the old units that formed it.</param>
/// <param name="Source">The legal basis of the answer when it rests on the mapping; null when nothing was found.</param>
public sealed record OldUnitResolution(
    string Query,
    UnitLookupOutcome Outcome,
    string? MatchedText,
    IReadOnlyList<OldUnitCandidate> Candidates,
    OldDistrict? District,
    string? UnrecognizedDistrict,
    string? RelaxedType,
    bool DistrictRelaxed,
    IReadOnlyList<OldUnit> SuggestedUnits,
    NewUnitResolution? AsNewUnit,
    string? Source)
{
    public bool IsFound => Candidates.Count > 0;

    /// <summary>Several old units match and the district (or type word) does not tell them apart.</summary>
    public bool IsAmbiguous => Candidates.Count > 1;

    /// <summary>The suggested old units as named to the user: "Xã Kim Chung (huyện Đông Anh)".</summary>
    public IReadOnlyList<string> Suggestions => SuggestedUnits.Select(u => u.NameWithDistrict).ToList();
}

/// <summary>
/// The answer to "which old units formed this new unit", as data: <see cref="AdminUnitMessages"/> turns it into the
/// Vietnamese sentence.
/// </summary>
/// <param name="Query">The name as asked.</param>
/// <param name="Outcome">Whether the new unit was found, and if not, why.</param>
/// <param name="Unit">The new unit, or null when none matched.</param>
/// <param name="OldUnits">The old units that formed it, whole or in part, in the order of the mapping data.</param>
/// <param name="SuggestedUnits">When nothing matched: up to three closest new units.</param>
/// <param name="AsOldUnit">When no new unit has the name but an old unit does: that old-unit reading.</param>
/// <param name="Source">The legal basis of the answer when it rests on the mapping; null when nothing was found.</param>
public sealed record NewUnitResolution(
    string Query,
    UnitLookupOutcome Outcome,
    NewUnit? Unit,
    IReadOnlyList<OldUnitShare> OldUnits,
    IReadOnlyList<NewUnit> SuggestedUnits,
    OldUnitResolution? AsOldUnit,
    string? Source)
{
    public bool IsFound => Unit is not null;

    /// <summary>The suggested new unit names: "Phường Cầu Giấy".</summary>
    public IReadOnlyList<string> Suggestions => SuggestedUnits.Select(u => u.Name).ToList();
}

/// <summary>Whether a unit named in a text is meant as an old (before 1 July 2025) or a new unit.</summary>
public enum UnitReading
{
    /// <summary>The text names an old unit: the name exists only among old units, or the text says "cũ"/"trước".</summary>
    Old,

    /// <summary>The text names a new unit: the name exists only among new units, or the text says "mới".</summary>
    New,

    /// <summary>The name is both an old and a new unit and the text does not say which; both readings are given.</summary>
    Both,

    /// <summary>No commune-level unit was found, only a district.</summary>
    DistrictOnly,
}

/// <summary>The old units of a district and the new units its area went into, in the order of the data.</summary>
public sealed record DistrictUnits(IReadOnlyList<OldUnit> OldUnits, IReadOnlyList<NewUnit> NewUnits);

/// <summary>
/// A unit mention found in a free-text question, as data: <see cref="AdminUnitMessages"/> turns it into the
/// Vietnamese answer.
/// </summary>
/// <param name="MatchedText">The unit name as written in the text (after NFC normalisation), without its type word.</param>
/// <param name="TypeWord">The commune type the text put before the name ("Phường", "Xã", "Thị trấn"), if any.</param>
/// <param name="Reading">Which reading(s) the answer covers.</param>
/// <param name="LikelyReading">When <paramref name="Reading"/> is Both: the reading suggested by the wording of the question
/// ("... giờ thuộc phường nào" → Old, "... gồm những phường nào" → New), or null when the wording does not tell.</param>
/// <param name="Old">The old-unit reading; null when no old unit has this name (or the text rules it out).</param>
/// <param name="New">The new-unit reading; null when no new unit has this name (or the text rules it out).</param>
/// <param name="District">The district named anywhere in the text, if any.</param>
/// <param name="DistrictUnits">When <paramref name="Reading"/> is DistrictOnly: the district's old units and the new units its area went into.</param>
/// <param name="Source">The legal basis of the answer.</param>
public sealed record AdminUnitTextMatch(
    string MatchedText,
    string? TypeWord,
    UnitReading Reading,
    UnitReading? LikelyReading,
    OldUnitResolution? Old,
    NewUnitResolution? New,
    OldDistrict? District,
    DistrictUnits? DistrictUnits,
    string? Source);
