using System.Text;

namespace Assistant.Indexer.Archive;

/// <summary>A ward or commune before 1 July 2025 with the unit it went into (from data/admin-units).</summary>
public sealed record SampleUnit(string OldName, string OldDistrict, string NewCode, string NewName);

/// <summary>
/// What the sample generator combines: name parts, streets, hamlets and land-use purposes (data/archive-sample/vocabulary.tsv)
/// and Hanoi's wards and communes before and after 1 July 2025 (data/admin-units/hanoi_old_to_new_mapping.csv).
/// </summary>
public sealed class SampleVocabulary
{
    private readonly Dictionary<string, List<string>> _words;

    private SampleVocabulary(Dictionary<string, List<string>> words, IReadOnlyList<SampleUnit> units)
    {
        _words = words;
        Units = units;
    }

    public IReadOnlyList<SampleUnit> Units { get; }

    public IReadOnlyList<string> Words(string kind) =>
        _words.TryGetValue(kind, out var list) && list.Count > 0 ? list : throw new InvalidOperationException($"Từ vựng mẫu thiếu loại '{kind}'.");

    /// <param name="vocabularyPath">data/archive-sample/vocabulary.tsv.</param>
    /// <param name="mappingPath">data/admin-units/hanoi_old_to_new_mapping.csv.</param>
    public static SampleVocabulary Load(string vocabularyPath, string mappingPath)
    {
        if (!File.Exists(vocabularyPath)) throw new FileNotFoundException($"Không tìm thấy tệp từ vựng mẫu '{vocabularyPath}'.", vocabularyPath);
        if (!File.Exists(mappingPath)) throw new FileNotFoundException($"Không tìm thấy tệp đơn vị hành chính '{mappingPath}'.", mappingPath);
        var words = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(vocabularyPath, Encoding.UTF8))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cols = line.Split('\t');
            if (cols.Length < 2) continue;
            if (!words.TryGetValue(cols[0], out var list)) words[cols[0]] = list = [];
            list.Add(cols[1].Trim().Normalize(NormalizationForm.FormC));
        }

        var units = new List<SampleUnit>();
        foreach (var line in File.ReadLines(mappingPath, Encoding.UTF8).Skip(1))
        {
            // old_commune_code,old_commune_name,old_district_code,old_district_name,new_code,new_name,new_type,merge_type
            var cols = line.Split(',');
            if (cols.Length < 8) continue;
            units.Add(new SampleUnit(cols[1].Trim(), cols[3].Trim(), cols[4].Trim(), cols[5].Trim()));
        }
        if (units.Count == 0) throw new InvalidOperationException($"Tệp đơn vị hành chính '{mappingPath}' không có dòng nào.");
        return new SampleVocabulary(words, units);
    }
}
