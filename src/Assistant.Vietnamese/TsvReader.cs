namespace Assistant.Vietnamese;

/// <summary>One data line of a TSV file: its 1-based line number and its cells, trimmed and in NFC.</summary>
public readonly record struct TsvRow(int LineNumber, string[] Columns);

/// <summary>
/// Reads the small hand-written TSV data files (vocabularies, aliases, cue lists): '#' starts a comment line, blank lines
/// are skipped, cells are trimmed and normalised to NFC so that text typed on any keyboard compares equal.
/// </summary>
public static class TsvReader
{
    /// <exception cref="FileNotFoundException">The file does not exist (checked before the first row is read).</exception>
    public static IEnumerable<TsvRow> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Không tìm thấy tệp dữ liệu '{path}'.", path);
        return Rows(path);
    }

    /// <summary>The items of a cell holding a list separated by '|', trimmed, empty items dropped.</summary>
    public static string[] SplitList(string cell) =>
        cell.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IEnumerable<TsvRow> Rows(string path)
    {
        int n = 0;
        foreach (var raw in File.ReadLines(path))
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            yield return new TsvRow(n, line.Split('\t').Select(c => VietnameseText.Nfc(c.Trim())).ToArray());
        }
    }
}
