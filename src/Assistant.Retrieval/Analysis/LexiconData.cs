namespace Assistant.Retrieval.Analysis;

/// <summary>Dated language data kept as files under data/lexicon: stop words and domain synonyms.</summary>
public sealed record LexiconData(IReadOnlyCollection<string> StopWords, SynonymTable Synonyms)
{
    public const string StopWordsFile = "stopwords.txt";
    public const string SynonymsFile = "synonyms.tsv";

    public static LexiconData Load(string directory)
    {
        var stopPath = Path.Combine(directory, StopWordsFile);
        var synPath = Path.Combine(directory, SynonymsFile);
        if (!File.Exists(stopPath) || !File.Exists(synPath))
            throw new FileNotFoundException($"Thiếu dữ liệu từ vựng trong '{directory}' (cần {StopWordsFile} và {SynonymsFile}).");
        var stop = File.ReadLines(stopPath)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToArray();
        return new LexiconData(stop, SynonymTable.Parse(File.ReadLines(synPath)));
    }

    public static LexiconData Empty { get; } = new([], new SynonymTable([]));
}
