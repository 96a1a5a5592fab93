using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;

namespace Assistant.Retrieval.Archive;

/// <summary>The fields read off one page, before they are tied to a stored page image.</summary>
public sealed record ArchiveExtraction
{
    public required string Kind { get; init; }
    public ArchiveField? Parcel { get; init; }
    public ArchiveField? MapSheet { get; init; }
    public ArchiveField? Address { get; init; }
    public ArchiveField? Serial { get; init; }
    public ArchiveField? RegisterNumber { get; init; }
    public ArchiveField? DocumentNumber { get; init; }
    public ArchiveField? DocumentDate { get; init; }
    public ArchiveField? Issuer { get; init; }
    public ArchivePersonalData Personal { get; init; } = new();
    /// <summary>The recognised text, lines in reading order.</summary>
    public required string Text { get; init; }
    public float? OcrConfidence { get; init; }
}

/// <summary>
/// Reads the fields of a scanned land record from its OCR text by the labels the forms print ("Thửa đất số", "Tờ bản đồ
/// số", "Địa chỉ", "Số vào sổ cấp GCN", "Số:", "ngày … tháng … năm …", the issuing body's heading, "Ông/Bà"). Labels are
/// matched on the text folded to ASCII lower case (OCR often drops or swaps a diacritic), values are taken from the
/// text as recognised, then corrected by what the field's format allows (a digit field has no letter O, a serial starts
/// with two letters). Each value carries a confidence: its line's OCR confidence times how sure the rule is.
/// </summary>
public static partial class ArchiveFieldExtractor
{
    // Document symbols of the records the archive holds (Nghị định 30/2020/NĐ-CP on the form of administrative documents):
    // an OCR reading that folds to one of them is written as the symbol itself, with its Đ.
    private static readonly string[] KnownSymbols = ["QĐ-UBND", "TL-VPĐK", "CCGD", "QĐ-STNMT", "HĐCN"];

    private static readonly string[] IssuerStarts = ["uy ban nhan dan", "phong cong chung", "chi nhanh", "van phong dang ky"];

    /// <param name="gazetteer">Known unit names, to restore a place name's diacritics; null to take names as read.</param>
    public static ArchiveExtraction Extract(IReadOnlyList<TextBlock> blocks, ArchiveGazetteer? gazetteer = null)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var lines = new List<(string Text, float Conf)>();
        foreach (var block in blocks)
            foreach (var line in block.Text.Split('\n'))
            {
                var clean = Spaces().Replace(line.Normalize(NormalizationForm.FormC).Replace('|', ' '), " ").Trim();
                if (clean.Length > 0) lines.Add((clean, (block.Confidence ?? 50f) / 100f));
            }
        var page = new Page(lines, gazetteer);
        var confs = blocks.Where(b => b.Confidence is not null).Select(b => b.Confidence!.Value).ToList();
        return new ArchiveExtraction
        {
            Kind = Kind(page.Folded),
            Parcel = page.Number(ParcelLabel()),
            MapSheet = page.Number(SheetLabel()),
            Address = page.Address(),
            Serial = page.Serial(),
            RegisterNumber = page.Register(),
            DocumentNumber = page.DocumentNumber(),
            DocumentDate = page.Date(),
            Issuer = page.Issuer(),
            Personal = page.Personal(),
            Text = page.Text,
            OcrConfidence = confs.Count == 0 ? null : confs.Average(),
        };
    }

    private static string Kind(string folded)
    {
        if (folded.Contains("trich luc ban do", StringComparison.Ordinal)) return ArchiveKinds.CadastralExtract;
        if (folded.Contains("hop dong chuyen nhuong", StringComparison.Ordinal)) return ArchiveKinds.Contract;
        if (folded.Contains("giay chung nhan", StringComparison.Ordinal)) return ArchiveKinds.Certificate;
        if (folded.Contains("quyet dinh", StringComparison.Ordinal)) return ArchiveKinds.Decision;
        return ArchiveKinds.Unknown;
    }

    /// <summary>
    /// Lower case without diacritics, one character for one: "Thửa đất số" → "thua dat so". Indexes into the folded
    /// text are indexes into the original, which is how a label found on the folded text gives its value as recognised.
    /// </summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is 'đ' or 'Đ') { sb.Append('d'); continue; }
            var d = c.ToString().Normalize(NormalizationForm.FormD);
            sb.Append(char.ToLowerInvariant(d[0]));
        }
        return sb.ToString();
    }

    private sealed class Page
    {
        private readonly List<(string Text, float Conf)> _lines;
        private readonly int[] _lineStarts;

        private readonly ArchiveGazetteer? _gazetteer;

        public Page(List<(string Text, float Conf)> lines, ArchiveGazetteer? gazetteer)
        {
            _lines = lines;
            _gazetteer = gazetteer;
            Text = string.Join('\n', lines.Select(l => l.Text));
            Folded = Fold(Text);
            _lineStarts = new int[lines.Count];
            for (int i = 0, pos = 0; i < lines.Count; pos += lines[i].Text.Length + 1, i++) _lineStarts[i] = pos;
        }

        public string Text { get; }
        public string Folded { get; }

        private float ConfAt(int index)
        {
            int i = Array.BinarySearch(_lineStarts, index);
            if (i < 0) i = ~i - 1;
            return _lines.Count == 0 ? 0 : _lines[Math.Clamp(i, 0, _lines.Count - 1)].Conf;
        }

        public ArchiveField? Number(Regex label)
        {
            foreach (Match m in label.Matches(Folded))
            {
                var raw = Text.Substring(m.Groups["v"].Index, m.Groups["v"].Length);
                var digits = DigitsOf(raw);
                if (digits is null) continue;
                return new ArchiveField(digits, ConfAt(m.Index) * (raw.All(char.IsAsciiDigit) ? 1f : 0.8f));
            }
            return null;
        }

        public ArchiveField? Address()
        {
            foreach (Match m in AddressLabel().Matches(Folded))
            {
                int start = m.Index + m.Length;
                // Every address in a Hanoi archive ends with the city; without it, the address runs to the end of its paragraph line.
                var rest = Folded[start..];
                var city = CityEnd().Match(rest);
                string raw;
                float certainty = 1f;
                if (city.Success && city.Index < 260) raw = Text.Substring(start, city.Index + city.Length);
                else
                {
                    int end = Text.IndexOf('\n', start);
                    raw = end < 0 ? Text[start..] : Text[start..end];
                    certainty = 0.6f;
                }
                // The next field's label on a later line ends the address even when the city was read further down.
                var nextLabel = NextLabel().Match(raw);
                if (nextLabel.Success)
                {
                    raw = raw[..nextLabel.Index];
                    certainty = 0.6f;
                }
                var value = Spaces().Replace(raw.Replace('\n', ' '), " ").Trim().TrimEnd('.', ';', ',', ':').Trim();
                if (value.Length < 5) continue;
                return new ArchiveField(Places(FixCity(value)), ConfAt(m.Index) * certainty);
            }
            return null;
        }

        public ArchiveField? Serial()
        {
            var labelled = SerialLabel().Match(Folded);
            if (labelled.Success)
            {
                var raw = Text.Substring(labelled.Groups["v"].Index, labelled.Groups["v"].Length);
                if (SerialOf(raw) is { } s) return new ArchiveField(s, ConfAt(labelled.Index));
            }
            // A certificate prints its serial alone on a line (in red), with no label.
            for (int i = _lines.Count - 1; i >= 0; i--)
            {
                var m = SerialLine().Match(_lines[i].Text);
                if (m.Success && SerialOf(m.Groups["s"].Value) is { } s) return new ArchiveField(s, _lines[i].Conf * (m.Groups["s"].Index > 0 ? 0.8f : 0.9f));
            }
            return null;
        }

        public ArchiveField? Register()
        {
            var m = RegisterLabel().Match(Folded);
            if (!m.Success) return null;
            var raw = Text.Substring(m.Groups["v"].Index, m.Groups["v"].Length);
            var compact = raw.Replace(" ", "", StringComparison.Ordinal);
            if (compact.Length < 5) return null;
            var letters = LettersOf(compact[..2]);
            var digits = DigitsOf(compact[2..]);
            if (letters is null || digits is null) return null;
            return new ArchiveField($"{letters} {digits}", ConfAt(m.Index));
        }

        public ArchiveField? DocumentNumber()
        {
            var m = DocumentNumberLabel().Match(Folded);
            if (!m.Success) return null;
            var raw = Text.Substring(m.Groups["v"].Index, m.Groups["v"].Length).Trim().TrimEnd('.', ',', ';');
            var slash = raw.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0) return null;
            var number = DigitsOf(raw[..slash]);
            if (number is null) return null;
            var symbol = raw[(slash + 1)..].Replace(" ", "", StringComparison.Ordinal);
            // "1234/2020/CCGD": the year is digits too.
            var parts = symbol.Split('/');
            for (int i = 0; i < parts.Length; i++)
            {
                if (parts[i].Length == 4 && DigitsOf(parts[i]) is { } year) parts[i] = year;
                else parts[i] = KnownSymbols.FirstOrDefault(k => Fold(k) == Fold(parts[i]).Replace('0', 'o')) ?? parts[i].ToUpperInvariant();
            }
            return new ArchiveField(number + "/" + string.Join('/', parts), ConfAt(m.Index));
        }

        public ArchiveField? Date()
        {
            var m = DateLabel().Match(Folded);
            if (!m.Success) return null;
            string Raw(string g) => Text.Substring(m.Groups[g].Index, m.Groups[g].Length);
            if (DigitsOf(Raw("d")) is not { } d || DigitsOf(Raw("m")) is not { } mo || DigitsOf(Raw("y")) is not { } y) return null;
            if (!int.TryParse(d, CultureInfo.InvariantCulture, out var day) || !int.TryParse(mo, CultureInfo.InvariantCulture, out var month)
                || !int.TryParse(y, CultureInfo.InvariantCulture, out var year)) return null;
            if (year is < 1945 or > 2100 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
            return new ArchiveField(new DateOnly(year, month, day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ConfAt(m.Index));
        }

        public ArchiveField? Issuer()
        {
            (string Value, float Conf)? best = null;
            for (int i = 0; i < _lines.Count; i++)
            {
                var raw = _lines[i].Text;
                // "TM. ỦY BAN …" of a signature block, possibly after the left column's text on the same OCR line.
                var tm = TmMark().Match(Fold(raw));
                var line = StripMotto(tm.Success ? raw[(tm.Index + tm.Length)..] : raw);
                var folded = Fold(line);
                if (!IssuerStarts.Any(h => folded.StartsWith(h, StringComparison.Ordinal))) continue;
                var value = line;
                // An agency block or a narrow signature column wraps the name over lines: "CHI NHÁNH VĂN PHÒNG ĐĂNG" / "KÝ" /
                // "ĐẤT ĐAI QUẬN HOÀN KIẾM"; the name ends with a known unit (or the city).
                for (int j = i + 1; j <= i + 3 && j < _lines.Count && !Complete(value); j++)
                {
                    var next = StripMotto(_lines[j].Text);
                    if (next.Length == 0 || SignerTitle().IsMatch(Fold(next))) break;
                    value += " " + next;
                }
                value = Places(Canonical(Spaces().Replace(value, " ").Trim().TrimEnd('.', ',', ';').ToUpper(Vi)), upper: true);
                if (!Complete(value)) continue; // "ỦY BAN NHÂN DÂN" of a signature block names no one
                float conf = _lines[i].Conf * (tm.Success ? 0.95f : 1f);
                if (best is null || value.Length > best.Value.Value.Length) best = (value, conf);
            }
            return best is { } b ? new ArchiveField(b.Value, b.Conf) : null;
        }

        /// <summary>An issuing body's name is whole when it ends with the city or a unit type followed by a unit's name
        /// (a known one, when the gazetteer is there).</summary>
        private bool Complete(string value)
        {
            var words = Fold(value).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2 && words[^2] == "ha" && words[^1] == "noi") return true;
            for (int i = words.Length - 2; i >= 0; i--)
            {
                if (words[i] is not ("quan" or "huyen" or "phuong" or "xa" or "tran")) continue;
                var rest = string.Join(' ', words[(i + 1)..]);
                return _gazetteer is null ? rest.Length > 0 : _gazetteer.Find(rest) is not null;
            }
            return false;
        }

        public ArchivePersonalData Personal()
        {
            var names = new List<string>();
            float confSum = 0;
            foreach (Match m in HolderTitle().Matches(Folded))
            {
                // After "Ông"/"Bà" (and an optional colon), the capitalised words are the name.
                int pos = m.Index + m.Length;
                var words = new List<string>();
                int last = 0;
                foreach (Match w in Word().Matches(Text[pos..Math.Min(Text.Length, pos + 60)]))
                {
                    // The words of a name are separated by single spaces; a line break, a digit or a mark ends it.
                    if (words.Count > 0 && Text.AsSpan(pos + last, w.Index - last).Trim(' ').Length > 0) break;
                    if (words.Count > 0 && w.Index - last > 2) break;
                    last = w.Index + w.Length;
                    var word = w.Value;
                    if (!char.IsUpper(word[0]) || (word.Length > 1 && IsUpper(word))) break;
                    words.Add(word);
                    if (words.Count == 4) break;
                    var after = pos + w.Index + w.Length;
                    if (after < Text.Length && Text[after] is ',' or ';' or '.' or ':') break;
                }
                if (words.Count < 2) continue;
                var name = string.Join(' ', words);
                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                    confSum += ConfAt(m.Index);
                }
            }
            var ids = new List<string>();
            foreach (Match m in IdLabel().Matches(Folded))
            {
                var raw = Text.Substring(m.Groups["v"].Index, m.Groups["v"].Length).Replace(" ", "", StringComparison.Ordinal);
                if (DigitsOf(raw) is { Length: 12 } id && !ids.Contains(id)) ids.Add(id);
            }
            return new ArchivePersonalData { HolderNames = names, IdNumbers = ids, Confidence = names.Count == 0 ? 0 : confSum / names.Count };
        }

        /// <summary>After each unit type ("phường", "QUẬN"…), the longest run of words that folds to a known unit name takes that name's spelling.</summary>
        private string Places(string text, bool upper = false)
        {
            if (_gazetteer is null) return text;
            var words = text.Split(' ');
            for (int i = 0; i < words.Length; i++)
            {
                var type = Fold(words[i]).Trim(',', '.');
                if (type is not ("phuong" or "xa" or "quan" or "huyen" or "tran") || words[i].EndsWith(',')) continue;
                for (int n = Math.Min(_gazetteer.MaxWords, words.Length - i - 1); n >= 1; n--)
                {
                    var span = words[(i + 1)..(i + 1 + n)];
                    var trailing = span[^1].Length - span[^1].TrimEnd(',', '.', ';').Length;
                    var joined = string.Join(' ', span);
                    var core = joined[..(joined.Length - trailing)];
                    if (_gazetteer.Find(Fold(core)) is not { } name) continue;
                    var fixedWords = (upper ? name.ToUpper(Vi) : name).Split(' ');
                    fixedWords[^1] += joined[(joined.Length - trailing)..];
                    Array.Copy(fixedWords, 0, words, i + 1, n);
                    i += n;
                    break;
                }
            }
            return string.Join(' ', words);
        }

        private static readonly string[] Phrases = ["ỦY BAN NHÂN DÂN", "CHI NHÁNH VĂN PHÒNG ĐĂNG KÝ", "VĂN PHÒNG ĐĂNG KÝ", "ĐẤT ĐAI", "PHÒNG CÔNG CHỨNG SỐ", "THÀNH PHỐ HÀ NỘI",
            "QUẬN", "HUYỆN", "THỊ XÃ", "PHƯỜNG", "XÃ", "THỊ TRẤN"];

        /// <summary>The fixed words of an issuing body ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI") spelt right however OCR dropped their marks; trailing marks dropped.</summary>
        private static string Canonical(string value)
        {
            var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            // Stray marks at the end ("` ~") are noise, not a name.
            while (words.Count > 0 && !words[^1].Any(char.IsLetterOrDigit)) words.RemoveAt(words.Count - 1);
            for (int i = 0; i < words.Count; i++)
            {
                foreach (var phrase in Phrases)
                {
                    var parts = phrase.Split(' ');
                    if (i + parts.Length > words.Count) continue;
                    if (!parts.Select(Fold).SequenceEqual(words.Skip(i).Take(parts.Length).Select(Fold))) continue;
                    for (int k = 0; k < parts.Length; k++) words[i + k] = parts[k];
                    i += parts.Length - 1;
                    break;
                }
            }
            return string.Join(' ', words);
        }

        private static string StripMotto(string line)
        {
            var folded = Fold(line);
            int at = folded.IndexOf("cong hoa xa hoi chu nghia viet nam", StringComparison.Ordinal);
            if (at < 0) at = folded.IndexOf("doc lap", StringComparison.Ordinal);
            line = at < 0 ? line : line[..at];
            // An agency block is in capitals: a word with a small letter belongs to the column beside it.
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int keep = 0;
            while (keep < words.Length && !words[keep].Any(char.IsLower)) keep++;
            return string.Join(' ', words.Take(keep));
        }
    }

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    private static bool IsUpper(string s) => s.Any(char.IsLetter) && s.Where(char.IsLetter).All(char.IsUpper);

    /// <summary>OCR's usual letter-for-digit swaps undone; null when something else than a digit remains.</summary>
    private static string? DigitsOf(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (c is ' ' or '.' or ',') continue;
            var d = DigitOf(c);
            if (!char.IsAsciiDigit(d)) return null;
            sb.Append(d);
        }
        return sb.Length == 0 ? null : sb.ToString();
    }

    private static char DigitOf(char c) => c switch
    {
        'O' or 'o' or 'Q' or 'D' => '0',
        'I' or 'l' or 'i' or '|' or '!' => '1',
        'S' or 's' => '5',
        'B' => '8',
        'Z' or 'z' => '2',
        'G' => '6',
        'T' => '7',
        _ => c,
    };

    private static string? LettersOf(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            var l = c switch { '0' => 'O', '1' => 'I', '5' => 'S', '8' => 'B', '2' => 'Z', '6' => 'G', 'Đ' or 'đ' => 'Đ', _ => char.ToUpperInvariant(c) };
            if (!char.IsLetter(l)) return null;
            sb.Append(l);
        }
        return sb.Length == 0 ? null : sb.ToString();
    }

    /// <summary>"AA 01234567", "AA01234567", "A4 O1234567" → "AA 01234567"; null when it cannot be a serial.</summary>
    private static string? SerialOf(string raw)
    {
        var compact = raw.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (compact.Length is < 8 or > 10) return null;
        var letters = LettersOf(compact[..2]);
        var digits = DigitsOf(compact[2..]);
        if (letters is null || digits is null || digits.Length is not (6 or 8)) return null;
        return letters + " " + digits;
    }

    private static string FixCity(string address)
    {
        // The last words are always the city: a diacritic the scan lost there is restored.
        var folded = Fold(address);
        int at = folded.LastIndexOf("thanh pho ha noi", StringComparison.Ordinal);
        return at >= 0 && at + "thanh pho ha noi".Length == folded.Length ? address[..at] + "thành phố Hà Nội" : address;
    }

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n\s*(?:[a-zđ©]\)|\d{1,2}\.|Điều\s)")]
    private static partial Regex NextLabel();

    [GeneratedRegex(@"(?:thu.?a\s*da.?t\s*s[o0]|so\s*thu\s*tu\s*thu.?a(?:\s*da.?t)?)\s*[:;.,]?\s*(?<v>[0-9oilsbzgq|]{1,5})(?![0-9a-z])")]
    private static partial Regex ParcelLabel();

    [GeneratedRegex(@"t[o0]\s*ba.?n\s*d[o0]\s*s[o0]\s*[:;.,]?\s*(?<v>[0-9oilsbzgq|]{1,4})(?![0-9a-z])")]
    private static partial Regex SheetLabel();

    [GeneratedRegex(@"dia\s*chi(?:\s*thu.?a\s*da.?t)?\s*[:;.]\s*")]
    private static partial Regex AddressLabel();

    [GeneratedRegex(@"thanh\s*ph[o0]\s*ha\s*n[o0]i")]
    private static partial Regex CityEnd();

    [GeneratedRegex(@"so\s*phat\s*hanh\s*[:;.]?\s*(?<v>[a-z0-9]{2}\s?[0-9oilsbzgq ]{6,9})")]
    private static partial Regex SerialLabel();

    // A speck before the serial is often read as one more letter ("LTD 52782491"): the serial is the last two letters.
    [GeneratedRegex(@"^\s*[^\sA-Z0-9]?[A-Z|Il1]?(?<s>[A-Z0-9ĐÐ]{2}\s?[0-9OIlSBZGQ]{6,8})\s*$")]
    private static partial Regex SerialLine();

    [GeneratedRegex(@"so\s*vao\s*so(?:\s*cap\s*(?:gcn|giay\s*chung\s*nhan))?\s*[:;.]?\s*(?<v>[a-z0-9]{1,3}\s?[0-9oilsbzgq]{3,6})(?![0-9a-z])")]
    private static partial Regex RegisterLabel();

    [GeneratedRegex(@"(?:^|\n|\s)(?:so|so\s*cong\s*chung)\s*[:;]\s*(?<v>[0-9oilsbzgq]{1,6}\s?/\s?[^\s,;]+)")]
    private static partial Regex DocumentNumberLabel();

    [GeneratedRegex(@"(?:ngay\s*(?<d>[0-9oilsbzgq]{1,2})|(?<d>\d{1,2}))[^\w\n]{0,3}\s*thang\s*(?<m>[0-9oilsbzgq]{1,2})\s*nam\s*(?<y>[0-9oilsbzgq]{4})")]
    private static partial Regex DateLabel();

    [GeneratedRegex(@"(?:^|\s)tm\s*[.,]\s*")]
    private static partial Regex TmMark();

    [GeneratedRegex(@"(?<![a-z])(?:ong|ba)(?![a-z])\s*:?\s*")]
    private static partial Regex HolderTitle();

    [GeneratedRegex(@"^\s*(?:kt|tm|q)\s*[.,]|^\s*(?:pho\s*)?chu\s*tich|^\s*giam\s*doc|^\s*truong\s*phong")]
    private static partial Regex SignerTitle();

    [GeneratedRegex(@"[\p{L}]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"(?:cccd|cmnd|can cuoc)\s*(?:so)?\s*[:;.]?\s*(?<v>[0-9oilsbzgq ]{12,15})")]
    private static partial Regex IdLabel();
}
