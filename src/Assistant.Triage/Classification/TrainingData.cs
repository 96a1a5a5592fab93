using System.Text.Json;

namespace Assistant.Triage.Classification;

/// <summary>Reads data/triage/training.jsonl: one {"procedureCode","description","documents"} per line.</summary>
public static class TrainingData
{
    public const string FileName = "training.jsonl";

    public static IReadOnlyList<TrainingExample> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Không tìm thấy dữ liệu huấn luyện '{path}'.", path);
        var list = new List<TrainingExample>();
        int n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var code = root.GetProperty("procedureCode").GetString() ?? "";
                var desc = root.GetProperty("description").GetString() ?? "";
                var docs = root.TryGetProperty("documents", out var d) && d.ValueKind == JsonValueKind.Array
                    ? d.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList()
                    : [];
                if (code.Length == 0 || desc.Length == 0) throw new InvalidOperationException("thiếu procedureCode hoặc description");
                var group = root.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null;
                list.Add(new TrainingExample(code, desc, docs, group));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidOperationException($"Tệp '{path}' dòng {n} không hợp lệ: {ex.Message}", ex);
            }
        }
        return list;
    }
}
