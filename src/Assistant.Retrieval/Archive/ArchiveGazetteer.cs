namespace Assistant.Retrieval.Archive;

/// <summary>
/// The names of the administrative units an archive's addresses and issuing bodies can name (Hanoi's wards, communes and
/// districts before and after 1 July 2025, from data/admin-units). A place name the OCR read with a wrong diacritic
/// ("Đồng Đa") is put back to the one unit it can be ("Đống Đa") when exactly one known name folds to the same letters.
/// </summary>
public sealed class ArchiveGazetteer
{
    private static readonly string[] Types = ["Thị trấn ", "Thị xã ", "Phường ", "Xã ", "Quận ", "Huyện "];
    private readonly Dictionary<string, string> _byFolded = new(StringComparer.Ordinal);

    /// <param name="unitNames">Unit names with or without their type ("Phường Nghĩa Đô", "Quận Cầu Giấy", "Cầu Giấy").</param>
    public ArchiveGazetteer(IEnumerable<string> unitNames)
    {
        ArgumentNullException.ThrowIfNull(unitNames);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in unitNames)
        {
            var name = raw.Trim();
            foreach (var type in Types)
                if (name.StartsWith(type, StringComparison.OrdinalIgnoreCase)) { name = name[type.Length..]; break; }
            if (name.Length == 0) continue;
            var key = ArchiveFieldExtractor.Fold(name);
            if (_byFolded.TryGetValue(key, out var existing) && existing != name) ambiguous.Add(key);
            else _byFolded[key] = name;
        }
        foreach (var key in ambiguous) _byFolded.Remove(key);
        MaxWords = _byFolded.Values.Select(n => n.Split(' ').Length).DefaultIfEmpty(1).Max();
    }

    public int MaxWords { get; }

    /// <summary>The known name whose folded letters are <paramref name="folded"/>, or null.</summary>
    public string? Find(string folded) => _byFolded.GetValueOrDefault(folded);
}
