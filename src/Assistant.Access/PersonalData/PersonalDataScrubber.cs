using System.Text;
using System.Text.RegularExpressions;

namespace Assistant.Access.PersonalData;

/// <summary>
/// Finds the personal data of Law 91/2025/QH15 that shows up in free text (chat turns, dossier descriptions, log lines) and
/// replaces it with a token: citizen ID numbers (CCCD, 12 digits) → [CCCD], old ID cards (CMND, 9 digits) → [CMND],
/// Vietnamese phone numbers → [SĐT], e-mail → [email], bank accounts (after "số tài khoản", "STK", "tài khoản", or any
/// run of 13 to 19 digits) → [STK], names after "ông/bà/anh/chị/cô/chú" (capitalised syllables, with or without
/// diacritics) → [tên]. Legal references and other numbers stay as they are: "Điều 101", "31/2024/QH15",
/// "101/2024/NĐ-CP", procedure codes "1.012812", dates, "120 m2", unit codes "00004", amounts of money ("120.000.000 đồng").
/// Pure and thread-safe: no I/O, one compiled pattern with a match timeout.
/// </summary>
/// <remarks>
/// Lives in Assistant.Access because that project references nothing: the host's logging pipeline (ServiceDefaults), the
/// triage store (the subject index, the minimised stored request) and the operators' CLI all use this one definition of
/// what personal data looks like.
/// </remarks>
public static partial class PersonalDataScrubber
{
    public const string CccdToken = "[CCCD]";
    public const string CmndToken = "[CMND]";
    public const string PhoneToken = "[SĐT]";
    public const string EmailToken = "[email]";
    public const string BankAccountToken = "[STK]";
    public const string NameToken = "[tên]";

    /// <summary>The text with every piece of personal data replaced by its token (the text itself when there is none).</summary>
    public static string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        try
        {
            // The pre-check is a pattern with a timeout too: on a starved machine it can run out, and a scrubber that
            // throws takes down whatever was logging (a host's start-up error became an unhandled exception in CI).
            if (!MayHoldPersonalData(text)) return text;
            var input = text.IsNormalized() ? text : text.Normalize();
            return Pattern().Replace(input, Replace);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological line is not worth the risk of writing it half-scrubbed.
            return "[nội dung đã ẩn]";
        }
    }

    /// <summary>
    /// The identity numbers (CCCD 12 digits, CMND 9 digits) in <paramref name="text"/>, as digits only, distinct, in order
    /// of appearance: the keys of the subject index of a dossier.
    /// </summary>
    public static IReadOnlyList<string> FindIdNumbers(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var found = new List<string>();
        try
        {
            foreach (Match m in Pattern().Matches(text.IsNormalized() ? text : text.Normalize()))
            {
                if (!m.Groups["cccd"].Success && !m.Groups["cmnd"].Success) continue;
                var digits = DigitsOnly(m.Value);
                if (!found.Contains(digits)) found.Add(digits);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // Nothing found is the safe answer for an index: the dossier is still protected, only not findable by number.
        }
        return found;
    }

    /// <summary>
    /// An identity number as typed by an operator ("001 203 012 345", "001.203.012.345") in its digits-only form, or null
    /// when it is not 9 or 12 digits.
    /// </summary>
    public static string? NormalizeIdNumber(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var digits = DigitsOnly(value);
        var others = value.Count(c => !char.IsDigit(c) && c is not (' ' or '.' or '-'));
        return others == 0 && digits.Length is 9 or 12 ? digits : null;
    }

    private static string DigitsOnly(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is >= '0' and <= '9') sb.Append(c);
        }
        return sb.ToString();
    }

    // Cheap pre-check: a line with no '@', fewer than 9 digits and no honorific cannot match.
    private static bool MayHoldPersonalData(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '@') return true;
            if (c is >= '0' and <= '9' && ++digits >= 9) return true;
        }
        return Honorific().IsMatch(text);
    }

    private static string Replace(Match m)
    {
        if (m.Groups["email"].Success) return EmailToken;
        if (m.Groups["bank"].Success) return m.Groups["bankcue"].Value + BankAccountToken;
        if (m.Groups["phone"].Success) return PhoneToken;
        if (m.Groups["cccd"].Success) return CccdToken;
        if (m.Groups["cmnd"].Success) return CmndToken;
        if (m.Groups["longrun"].Success) return BankAccountToken;
        if (m.Groups["name"].Success) return m.Groups["hon"].Value + NameToken;
        return m.Value;
    }

    // One alternation, tried left to right at each position, so a number is claimed by the first kind that fits:
    // e-mail, bank account after its cue, phone, CCCD, CMND, a long digit run, a name after an honorific.
    // Numbers must stand alone: no digit, '/', or a digit group (",5", ".5") glued to either side, so that
    // "31/2024/QH15", "1.012812", "2025-07-01" and decimals stay; amounts followed by a currency word stay too.
    private const string NotGluedBefore = @"(?<![\p{L}\d/.,\-+])";
    private const string NotGluedAfter = @"(?![\d/]|[.,\-]\d|\s*(?:đồng|dong|đ\b|VNĐ|VND|vnđ|vnd|USD|m2|m²|ha\b))";
    private const string ExcludedNameStarts =
        "Điều|Dieu|Luật|Luat|Nghị|Nghi|Thông|Thong|Khoản|Khoan|Điểm|Diem|Chương|Chuong|Mục|Muc|Phường|Xã|Quận|Huyện|Tỉnh|Tinh|" +
        "Sở|UBND|Ủy|Uỷ|Uy|Giấy|Giay|Sổ|GCN|CCCD|CMND|STK|SĐT|Trưng|Triệu|Đình";

    [GeneratedRegex(
        @"(?<email>[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,})"
        + @"|(?<bankcue>(?<!\p{L})(?i:số\s+tài\s+khoản|so\s+tai\s+khoan|stk|tài\s+khoản|tai\s+khoan)(?:\s+(?i:số|so))?(?:\s+(?i:ngân\s+hàng|ngan\s+hang)\s+\p{L}+)?\s*[:：]?\s*)(?<bank>\d(?:[ .\-]?\d){5,24})(?!\d)"
        + "|" + NotGluedBefore + @"(?<phone>(?:\+84|0084|\(\+84\)|84|0)[ .\-]?(?:[35789](?:[ .\-]?\d){8}|2\d(?:[ .\-]?\d){8}))" + NotGluedAfter
        + "|" + NotGluedBefore + @"(?<cccd>\d{12}|\d{3}[ .\-]\d{3}[ .\-]\d{3}[ .\-]\d{3}|\d{4}[ .\-]\d{4}[ .\-]\d{4}|\d{3}[ .\-]\d{3}[ .\-]?\d{6}|\d{6}[ .\-]\d{6})" + NotGluedAfter
        + "|" + NotGluedBefore + @"(?<cmnd>\d{9}|\d{3}[ .\-]\d{3}[ .\-]\d{3})" + NotGluedAfter
        + "|" + NotGluedBefore + @"(?<longrun>\d{13,19})(?!\d)"
        + @"|(?<hon>(?<![\p{L}\d])(?:[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|[Cc]ô|[Cc]hú|ong|Ong|ba|chi|Chi|co|chu|Chu)\s+)(?<name>(?!(?:" + ExcludedNameStarts + @")(?!\p{L}))\p{Lu}\p{L}*(?:[ \t]+\p{Lu}\p{L}*){0,4})(?!\p{L})",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 500)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"(?<![\p{L}\d])(?:[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|[Cc]ô|[Cc]hú|ong|Ong|ba|chi|Chi|co|chu|Chu)\s+\p{Lu}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex Honorific();
}
