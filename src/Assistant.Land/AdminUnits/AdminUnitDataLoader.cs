using System.Text;
using Assistant.Vietnamese;

namespace Assistant.Land.AdminUnits;

/// <summary>The administrative-unit data files are missing or inconsistent. The message is in Vietnamese.</summary>
public sealed class AdminUnitDataException : Exception
{
    public AdminUnitDataException(string message) : base(message) { }

    public AdminUnitDataException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Reads and cross-checks the three CSV files of data/admin-units.</summary>
internal static class AdminUnitDataLoader
{
    private const int MaxReportedErrors = 15;

    internal sealed record LoadedData(
        IReadOnlyList<OldUnit> OldUnits,
        IReadOnlyList<NewUnit> NewUnits,
        IReadOnlyList<UnitMapping> Mappings);

    public static LoadedData Load(string dataDirectory)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new AdminUnitDataException($"Không tìm thấy thư mục dữ liệu đơn vị hành chính «{dataDirectory}».");
        }

        var errors = new List<string>();
        var oldRows = ReadCsv(dataDirectory, AdminUnitRegistry.OldUnitsFile,
            ["district_code", "district_name", "district_type", "commune_code", "commune_name", "commune_type"]);
        var newRows = ReadCsv(dataDirectory, AdminUnitRegistry.NewUnitsFile,
            ["new_code", "new_name", "new_type", "n_old_units", "old_units"]);
        var mapRows = ReadCsv(dataDirectory, AdminUnitRegistry.MappingFile,
            ["old_commune_code", "old_commune_name", "old_district_code", "old_district_name", "new_code", "new_name", "new_type", "merge_type"]);

        // Old units.
        var oldUnits = new List<OldUnit>();
        var oldByCode = new Dictionary<string, OldUnit>(StringComparer.Ordinal);
        var districtNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in oldRows)
        {
            var unit = new OldUnit(row["commune_code"], row["commune_name"], row["commune_type"], row["district_code"], row["district_name"]);
            var where = $"{AdminUnitRegistry.OldUnitsFile} dòng {row.Line}";
            if (!AdminUnitRegistry.OldUnitTypes.Contains(unit.Type)) errors.Add($"{where}: loại «{unit.Type}» không phải phường/xã/thị trấn");
            if (!unit.Name.StartsWith(unit.Type + " ", StringComparison.Ordinal)) errors.Add($"{where}: tên «{unit.Name}» không bắt đầu bằng loại «{unit.Type}»");
            if (!AdminUnitRegistry.DistrictTypes.Contains(row["district_type"])) errors.Add($"{where}: loại quận/huyện «{row["district_type"]}» không hợp lệ");
            if (!unit.DistrictName.StartsWith(row["district_type"] + " ", StringComparison.Ordinal)) errors.Add($"{where}: tên quận/huyện «{unit.DistrictName}» không bắt đầu bằng loại «{row["district_type"]}»");
            if (districtNames.TryGetValue(unit.DistrictCode, out var known) && known != unit.DistrictName) errors.Add($"{where}: mã quận/huyện {unit.DistrictCode} mang hai tên «{known}» và «{unit.DistrictName}»");
            districtNames[unit.DistrictCode] = unit.DistrictName;
            if (!oldByCode.TryAdd(unit.Code, unit)) { errors.Add($"{where}: trùng mã xã cũ {unit.Code}"); continue; }
            oldUnits.Add(unit);
        }
        if (oldUnits.Count != AdminUnitRegistry.ExpectedOldUnitCount)
        {
            errors.Add($"{AdminUnitRegistry.OldUnitsFile} có {oldUnits.Count} phường/xã/thị trấn cũ, cần đúng {AdminUnitRegistry.ExpectedOldUnitCount}");
        }

        // New units.
        var newUnits = new List<NewUnit>();
        var newByCode = new Dictionary<string, NewUnit>(StringComparer.Ordinal);
        var declaredOld = new Dictionary<string, (int Count, string List, int Line)>(StringComparer.Ordinal);
        foreach (var row in newRows)
        {
            var unit = new NewUnit(row["new_code"], row["new_name"], row["new_type"]);
            var where = $"{AdminUnitRegistry.NewUnitsFile} dòng {row.Line}";
            if (unit.Code.Length != 5 || !unit.Code.All(char.IsAsciiDigit)) errors.Add($"{where}: mã mới «{unit.Code}» không gồm 5 chữ số");
            if (!AdminUnitRegistry.NewUnitTypes.Contains(unit.Type)) errors.Add($"{where}: loại «{unit.Type}» không phải phường/xã");
            if (!unit.Name.StartsWith(unit.Type + " ", StringComparison.Ordinal)) errors.Add($"{where}: tên «{unit.Name}» không bắt đầu bằng loại «{unit.Type}»");
            if (!int.TryParse(row["n_old_units"], out var declaredCount)) { errors.Add($"{where}: n_old_units «{row["n_old_units"]}» không phải số"); declaredCount = -1; }
            if (!newByCode.TryAdd(unit.Code, unit)) { errors.Add($"{where}: trùng mã đơn vị mới {unit.Code}"); continue; }
            declaredOld[unit.Code] = (declaredCount, row["old_units"], row.Line);
            newUnits.Add(unit);
        }
        if (newUnits.Count != AdminUnitRegistry.ExpectedNewUnitCount)
        {
            errors.Add($"{AdminUnitRegistry.NewUnitsFile} có {newUnits.Count} phường/xã mới, cần đúng {AdminUnitRegistry.ExpectedNewUnitCount}");
        }

        // Mapping.
        var mappings = new List<UnitMapping>();
        var pairs = new HashSet<(string, string)>();
        foreach (var row in mapRows)
        {
            var where = $"{AdminUnitRegistry.MappingFile} dòng {row.Line}";
            if (!oldByCode.TryGetValue(row["old_commune_code"], out var old)) { errors.Add($"{where}: mã xã cũ {row["old_commune_code"]} không có trong danh mục cũ"); continue; }
            if (!newByCode.TryGetValue(row["new_code"], out var @new)) { errors.Add($"{where}: mã mới {row["new_code"]} không có trong danh mục mới"); continue; }
            if (old.Name != row["old_commune_name"] || old.DistrictCode != row["old_district_code"] || old.DistrictName != row["old_district_name"])
            {
                errors.Add($"{where}: «{row["old_commune_name"]}, {row["old_district_name"]}» không khớp danh mục cũ ({old.NameWithDistrict})");
            }
            if (@new.Name != row["new_name"] || @new.Type != row["new_type"]) errors.Add($"{where}: «{row["new_name"]}» không khớp danh mục mới ({@new.Name})");
            MergeType mergeType;
            switch (row["merge_type"])
            {
                case "full": mergeType = MergeType.Full; break;
                case "partial": mergeType = MergeType.Partial; break;
                default: errors.Add($"{where}: merge_type «{row["merge_type"]}» phải là full hoặc partial"); continue;
            }
            if (!pairs.Add((old.Code, @new.Code))) { errors.Add($"{where}: cặp {old.Code} → {@new.Code} bị lặp"); continue; }
            mappings.Add(new UnitMapping(old, @new, mergeType));
        }

        var byOld = mappings.ToLookup(m => m.Old.Code, StringComparer.Ordinal);
        var unmapped = oldUnits.Where(u => !byOld.Contains(u.Code)).ToList();
        if (unmapped.Count > 0)
        {
            errors.Add($"{unmapped.Count} đơn vị cũ chưa có trong bảng ánh xạ: {Sample(unmapped.Select(u => u.NameWithDistrict))}");
        }
        foreach (var group in byOld)
        {
            if (group.Count() > 1 && group.Any(m => m.MergeType == MergeType.Full))
            {
                errors.Add($"{group.First().Old.NameWithDistrict} được ghi «nhập toàn bộ» nhưng lại thuộc {group.Count()} đơn vị mới");
            }
        }

        var byNew = mappings.ToLookup(m => m.New.Code, StringComparer.Ordinal);
        foreach (var unit in newUnits)
        {
            var sources = byNew[unit.Code].ToList();
            if (sources.Count == 0) { errors.Add($"{unit.Name} không được hình thành từ đơn vị cũ nào trong bảng ánh xạ"); continue; }
            var (count, list, line) = declaredOld[unit.Code];
            if (count >= 0 && count != sources.Count) errors.Add($"{AdminUnitRegistry.NewUnitsFile} dòng {line}: n_old_units = {count} nhưng bảng ánh xạ có {sources.Count} đơn vị cũ cho {unit.Name}");
            var declared = ParseOldUnitList(list);
            var mapped = sources.Select(m => $"{m.Old.Code}|{m.MergeType}").ToHashSet(StringComparer.Ordinal);
            if (declared is null || !declared.SetEquals(mapped))
            {
                errors.Add($"{AdminUnitRegistry.NewUnitsFile} dòng {line}: danh sách old_units của {unit.Name} không khớp bảng ánh xạ");
            }
        }

        if (errors.Count > 0)
        {
            var shown = errors.Take(MaxReportedErrors).ToList();
            var more = errors.Count > shown.Count ? $"; … và {errors.Count - shown.Count} lỗi khác" : string.Empty;
            throw new AdminUnitDataException(
                $"Dữ liệu đơn vị hành chính Hà Nội trong «{dataDirectory}» không hợp lệ ({errors.Count} lỗi): {string.Join("; ", shown)}{more}.");
        }

        return new LoadedData(oldUnits, newUnits, mappings);
    }

    private static string Sample(IEnumerable<string> items)
    {
        var list = items.ToList();
        var shown = string.Join(", ", list.Take(5));
        return list.Count > 5 ? $"{shown} … (và {list.Count - 5} đơn vị khác)" : shown;
    }

    /// <summary>"00004 Phường Trúc Bạch (full); 00016 Phường Ngọc Hà (partial)" → {"00004|Full", "00016|Partial"}.</summary>
    private static HashSet<string>? ParseOldUnitList(string list)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int space = part.IndexOf(' ');
            if (space <= 0) return null;
            var type = part.EndsWith("(full)", StringComparison.Ordinal) ? MergeType.Full
                : part.EndsWith("(partial)", StringComparison.Ordinal) ? MergeType.Partial
                : (MergeType?)null;
            if (type is null) return null;
            result.Add($"{part[..space]}|{type}");
        }
        return result;
    }

    internal sealed class CsvRow(int line, Dictionary<string, string> fields)
    {
        public int Line { get; } = line;
        public string this[string column] => fields[column];
    }

    private static List<CsvRow> ReadCsv(string directory, string fileName, string[] requiredColumns)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path)) throw new AdminUnitDataException($"Không tìm thấy tệp dữ liệu đơn vị hành chính «{path}».");

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path, Encoding.UTF8);
        }
        catch (IOException ex)
        {
            throw new AdminUnitDataException($"Không đọc được tệp «{path}»: {ex.Message}", ex);
        }
        if (lines.Length == 0) throw new AdminUnitDataException($"Tệp «{fileName}» rỗng, thiếu dòng tiêu đề.");

        var header = SplitLine(lines[0].TrimStart('\uFEFF')).Select(h => h.Trim()).ToList();
        var missing = requiredColumns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0) throw new AdminUnitDataException($"Tệp «{fileName}» thiếu cột: {string.Join(", ", missing)}.");

        var rows = new List<CsvRow>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var values = SplitLine(lines[i]);
            if (values.Count != header.Count)
            {
                throw new AdminUnitDataException($"Tệp «{fileName}» dòng {i + 1} có {values.Count} cột, cần {header.Count}.");
            }
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int c = 0; c < header.Count; c++) fields[header[c]] = VietnameseText.Nfc(values[c].Trim());
            foreach (var column in requiredColumns)
            {
                if (fields[column].Length == 0 && column != "old_units")
                {
                    throw new AdminUnitDataException($"Tệp «{fileName}» dòng {i + 1}: cột {column} bị trống.");
                }
            }
            rows.Add(new CsvRow(i + 1, fields));
        }
        return rows;
    }

    /// <summary>Splits one CSV line, honouring double-quoted fields ("a, b" and doubled quotes).</summary>
    private static List<string> SplitLine(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        fields.Add(sb.ToString());
        return fields;
    }
}
