using System.Text.RegularExpressions;
using Assistant.Access;
using Assistant.Land.AdminUnits;
using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Storage;
using Assistant.Vietnamese;

namespace Assistant.Conversation.Archive;

/// <summary>What a staff lookup asked for, as read from the text (keys as written; the store normalises them).</summary>
/// <param name="UnitCodes">Units after 1 July 2025 named in the query (an old ward maps to the unit(s) it went into).</param>
/// <param name="UnitNames">The unit names understood, for the reply ("Phường Nghĩa Đô (cũ) → Phường Nghĩa Đô").</param>
/// <param name="FreeText">Words left for a full-text search over the pages, or null.</param>
public sealed record ArchiveLookupQuery(
    string? Parcel,
    string? MapSheet,
    string? Serial,
    string? RegisterNumber,
    string? DocumentNumber,
    IReadOnlyList<string> UnitCodes,
    IReadOnlyList<string> UnitNames,
    string? FreeText)
{
    public bool HasKeys => Parcel is not null || MapSheet is not null || Serial is not null || RegisterNumber is not null || DocumentNumber is not null;
    public bool IsEmpty => !HasKeys && UnitCodes.Count == 0 && string.IsNullOrWhiteSpace(FreeText);
}

/// <summary>How a lookup ended.</summary>
public enum ArchiveLookupOutcome
{
    /// <summary>Pages found (<see cref="ArchiveLookupResult.Hits"/>).</summary>
    Found,
    /// <summary>Nothing in the caller's units matches.</summary>
    NothingFound,
    /// <summary>The text holds nothing to look up.</summary>
    EmptyQuery,
    /// <summary>The caller is not verified staff: no lookup ran.</summary>
    NotStaff,
    /// <summary>The unit named is none of the caller's units: no lookup ran.</summary>
    OutsideUnits,
}

/// <summary>One page found, as the caller may see it: personal data already masked below its clearance.</summary>
/// <param name="PageId">The chunk id of the page (what links and audit rows name).</param>
/// <param name="Level">The page's security level.</param>
/// <param name="Title">The document's title (kind, number, parcel), built from the fields, never from names.</param>
public sealed record ArchiveLookupHit(string PageId, string DocumentId, SecurityLevel Level, string Title, string UnitName, ArchiveRecord Record, bool PersonalMasked);

public sealed record ArchiveLookupResult(ArchiveLookupOutcome Outcome, ArchiveLookupQuery Query, IReadOnlyList<ArchiveLookupHit> Hits)
{
    public static ArchiveLookupResult Refused(ArchiveLookupOutcome outcome, ArchiveLookupQuery query) => new(outcome, query, []);
}

/// <summary>
/// Staff lookups over the digitized land archive: by parcel and map sheet (with the ward, old or new), certificate serial,
/// register number, document number, or free text. Who may see what is decided by <see cref="AccessPolicy"/>: the scope
/// (internal or confidential) and the units go into the store query itself; holder names and ID numbers are masked for a
/// caller below their clearance. No HTTP or channel type here: the host renders the result.
/// </summary>
public sealed partial class ArchiveLookupService(IChunkStore store, VietnameseAnalyzer analyzer, AccessPolicy policy, AdminUnitRegistry units)
{
    /// <summary>The command words the Teams app lists ("tra cứu thửa", "tra cứu số giấy chứng nhận", "tra cứu văn bản"), folded.</summary>
    private static readonly string[] CommandPrefixes =
        ["tra cuu so giay chung nhan", "tra cuu giay chung nhan", "tra cuu van ban", "tra cuu thua dat", "tra cuu thua", "tra cuu ho so", "tra cuu"];

    /// <summary>True when <paramref name="text"/> starts with one of the Teams app's lookup commands (anyone may type them;
    /// only staff get an answer).</summary>
    public static bool IsLookupCommand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = VietnameseText.Fold(VietnameseText.Nfc(text)).Trim();
        return folded.StartsWith("tra cuu thua", StringComparison.Ordinal) || folded.StartsWith("tra cuu so giay chung nhan", StringComparison.Ordinal)
            || folded.StartsWith("tra cuu van ban", StringComparison.Ordinal) || folded.StartsWith("tra cuu ho so", StringComparison.Ordinal);
    }

    /// <summary>True when <paramref name="text"/> is one of the lookup commands, or carries a parcel/sheet pair or a serial:
    /// the host sends such a staff message to the lookup instead of the legal conversation.</summary>
    public static bool LooksLikeLookup(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = VietnameseText.Fold(VietnameseText.Nfc(text)).Trim();
        if (CommandPrefixes.Any(p => folded.StartsWith(p, StringComparison.Ordinal))) return true;
        return (ParcelPattern().IsMatch(folded) && SheetPattern().IsMatch(folded)) || SerialPattern().IsMatch(folded);
    }

    /// <summary>Reads the keys out of a staff query; what is left (without command words) is the free text.</summary>
    public ArchiveLookupQuery Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var original = VietnameseText.Nfc(text).Trim();
        var folded = VietnameseText.Fold(original);
        // Fold keeps one char per char for NFC Vietnamese, so spans found in the folded text cut the original too.
        if (folded.Length != original.Length) original = folded;
        var used = new List<(int Start, int Length)>();
        foreach (var prefix in CommandPrefixes)
        {
            if (folded.StartsWith(prefix, StringComparison.Ordinal)) { used.Add((0, prefix.Length)); break; }
        }

        string? Take(Regex pattern, string group = "v")
        {
            var m = pattern.Match(folded);
            if (!m.Success) return null;
            used.Add((m.Index, m.Length));
            return m.Groups[group].Value;
        }

        var parcel = Take(ParcelPattern());
        var sheet = Take(SheetPattern());
        string? serial = null, register = null;
        var docNumber = Take(DocumentNumberPattern());
        if (docNumber is not null) docNumber = original.Substring(DocumentNumberPattern().Match(folded).Groups["v"].Index, docNumber.Length);
        var codeMatch = SerialPattern().Matches(folded).FirstOrDefault(m =>
            m.Groups["l"].Value is not ("so" or "to") && !used.Any(u => m.Index < u.Start + u.Length && u.Start < m.Index + m.Length));
        if (codeMatch is not null)
        {
            used.Add((codeMatch.Index, codeMatch.Length));
            var code = codeMatch.Groups["l"].Value.ToUpperInvariant() + " " + codeMatch.Groups["d"].Value;
            // Register numbers (số vào sổ) carry five digits ("CS 01234"); serials six or eight ("AA 01234567").
            if (codeMatch.Groups["d"].Value.Length == 5) register = code; else serial = code;
        }

        var codes = new List<string>();
        var names = new List<string>();
        if (units.FindInText(original) is { } match)
        {
            if (match.Old is { IsFound: true } old)
            {
                foreach (var candidate in old.Candidates)
                {
                    foreach (var share in candidate.NewUnits)
                    {
                        if (!codes.Contains(share.Unit.Code)) codes.Add(share.Unit.Code);
                    }
                    names.Add($"{candidate.Unit.Name} (cũ) → {string.Join(", ", candidate.NewUnits.Select(s => s.Unit.Name))}");
                }
            }
            if (match.New is { Unit: { } unit })
            {
                if (!codes.Contains(unit.Code)) codes.Add(unit.Code);
                names.Add(unit.Name);
            }
            var at = folded.IndexOf(VietnameseText.Fold(match.MatchedText), StringComparison.Ordinal);
            if (at >= 0) used.Add((at, match.MatchedText.Length));
        }

        var rest = folded.ToCharArray();
        foreach (var (start, length) in used)
        {
            for (int i = start; i < Math.Min(rest.Length, start + length); i++) rest[i] = ' ';
        }
        var free = Spaces().Replace(FillerWords().Replace(RebuildFree(original, rest), " "), " ").Trim();
        return new ArchiveLookupQuery(parcel, sheet, serial, register, docNumber, codes, names, free.Length == 0 ? null : free);
    }

    /// <summary>The original characters where nothing was consumed, as words.</summary>
    private static string RebuildFree(string original, char[] rest)
    {
        var chars = new char[rest.Length];
        for (int i = 0; i < rest.Length; i++) chars[i] = rest[i] == ' ' ? ' ' : original[i];
        return Spaces().Replace(new string(chars), " ").Trim();
    }

    /// <summary>Runs the lookup for <paramref name="caller"/>: refused unless verified staff; units trimmed to theirs inside the query.</summary>
    public async Task<ArchiveLookupResult> LookupAsync(CallerIdentity caller, string text, int top = 5, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var query = Parse(text ?? "");
        var allowed = policy.DocumentUnitsFor(caller);
        if (!caller.Has(UserRole.Staff) || !caller.IsAuthenticated || (!allowed.AllUnits && allowed.Codes.Count == 0))
            return ArchiveLookupResult.Refused(ArchiveLookupOutcome.NotStaff, query);
        if (query.IsEmpty) return ArchiveLookupResult.Refused(ArchiveLookupOutcome.EmptyQuery, query);

        IReadOnlyList<string> unitFilter;
        if (query.UnitCodes.Count > 0)
        {
            unitFilter = allowed.AllUnits ? query.UnitCodes : query.UnitCodes.Where(allowed.Codes.Contains).ToList();
            if (unitFilter.Count == 0) return ArchiveLookupResult.Refused(ArchiveLookupOutcome.OutsideUnits, query);
        }
        else
        {
            unitFilter = allowed.AllUnits ? [] : [.. allowed.Codes];
        }

        var filter = new SearchFilter
        {
            Archive = ArchiveSelection.Only,
            // Every kind: keeps the query archive-only and lets a key-only query list its pages.
            ArchiveKinds = ArchiveKinds.All,
            Units = unitFilter.Count == 0 ? null : unitFilter,
            Parcels = query.Parcel is { } p ? [p] : null,
            MapSheets = query.MapSheet is { } s ? [s] : null,
            Serials = query.Serial is { } se ? [se] : null,
            RegisterNumbers = query.RegisterNumber is { } r ? [r] : null,
            ArchiveDocumentNumbers = query.DocumentNumber is { } d ? [d] : null,
        };
        var terms = query.FreeText is { } free && !query.HasKeys ? analyzer.AnalyzeQuery(free) : [];
        var hits = await store.SearchAsync(new StoreQuery { Access = policy.ScopeFor(caller), Terms = terms, Filter = filter, Top = Math.Clamp(top, 1, 20) }, ct);
        var results = hits.Where(h => h.Chunk.Archive is not null).Select(h => ToHit(h.Chunk, caller)).ToList();
        return new ArchiveLookupResult(results.Count == 0 ? ArchiveLookupOutcome.NothingFound : ArchiveLookupOutcome.Found, query, results);
    }

    /// <summary>
    /// The page <paramref name="pageId"/> if <paramref name="caller"/> may see it now (scope and units checked inside the
    /// store query, as for a lookup), else null.
    /// </summary>
    public async Task<ArchiveLookupHit?> FindPageAsync(CallerIdentity caller, string pageId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(pageId);
        var allowed = policy.DocumentUnitsFor(caller);
        if (!caller.Has(UserRole.Staff) || !caller.IsAuthenticated || (!allowed.AllUnits && allowed.Codes.Count == 0)) return null;
        var hash = pageId.Split('#')[0];
        var filter = new SearchFilter
        {
            Archive = ArchiveSelection.Only,
            ArchiveKinds = ArchiveKinds.All,
            DocumentIds = [hash],
            Units = allowed.AllUnits ? null : [.. allowed.Codes],
        };
        var hits = await store.SearchAsync(new StoreQuery { Access = policy.ScopeFor(caller), Terms = [], Filter = filter, Top = 5 }, ct);
        return hits.Where(h => h.Chunk.Id == pageId && h.Chunk.Archive is not null).Select(h => ToHit(h.Chunk, caller)).FirstOrDefault();
    }

    private ArchiveLookupHit ToHit(LegalChunk chunk, CallerIdentity caller)
    {
        var record = chunk.Archive!;
        var cleared = caller.Clearance is { } c && c >= record.Personal.Clearance && policy.ScopeFor(caller).MaxLevel >= record.Personal.Clearance;
        var unitName = units.FindNewByCode(record.Unit)?.Name ?? record.Unit;
        return new ArchiveLookupHit(chunk.Id, chunk.Document.Id, chunk.Document.Security, chunk.Document.Title, unitName,
            cleared ? record : record.WithoutPersonalData(), PersonalMasked: !cleared && !record.Personal.IsEmpty);
    }

    [GeneratedRegex(@"\bthua(?:\s+dat)?(?:\s+so)?\s*[:.]?\s*(?<v>\d{1,5}[a-z]?)\b")]
    private static partial Regex ParcelPattern();

    [GeneratedRegex(@"\bto(?:\s+ban\s+do)?(?:\s+so)?\s*[:.]?\s*(?<v>\d{1,4}[a-z]?)\b")]
    private static partial Regex SheetPattern();

    [GeneratedRegex(@"\b(?<l>[a-z]{2})\s?(?<d>\d{8}|\d{6}|\d{5})\b")]
    private static partial Regex SerialPattern();

    [GeneratedRegex(@"(?<v>\b\d{1,6}/[a-z0-9]+(?:[-/][a-z0-9]+)*)")]
    private static partial Regex DocumentNumberPattern();

    [GeneratedRegex(@"(?i)\b(?:so|số|giấy chứng nhận|phường|xã|thị trấn|quận|huyện|seri|serial|cũ|mới|cu|moi)\b")]
    private static partial Regex FillerWords();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
