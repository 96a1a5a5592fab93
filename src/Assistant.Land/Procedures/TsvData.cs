using Assistant.Vietnamese;

namespace Assistant.Land.Procedures;

/// <summary>Reads the small TSV data files of data/procedures: '#' starts a comment line, blank lines are skipped.</summary>
internal static class TsvData
{
    public static IEnumerable<(int LineNumber, string[] Columns)> Read(string path)
    {
        if (!File.Exists(path))
            throw new ProcedureDataException($"Không tìm thấy tệp dữ liệu thủ tục '{path}'.");
        int n = 0;
        foreach (var raw in File.ReadLines(path))
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            yield return (n, line.Split('\t').Select(c => VietnameseText.Nfc(c.Trim())).ToArray());
        }
    }

    public static string[] SplitList(string column) =>
        column.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
