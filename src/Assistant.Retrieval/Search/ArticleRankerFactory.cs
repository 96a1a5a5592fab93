using Assistant.Retrieval.Analysis;
using Microsoft.Extensions.Logging;

namespace Assistant.Retrieval.Search;

/// <summary>Builds the re-ranker the options ask for, falling back to the lexical order when the model file is absent or unreadable.</summary>
public static class ArticleRankerFactory
{
    public const string ModelFileName = "ranker.zip";
    public const string SidecarFileName = "ranker.json";

    /// <returns>
    /// The re-ranker, or null when there is no usable model (the search keeps the lexical order). It is loaded also when
    /// "Retrieval:Ranker" is none, so that one request can ask for it (`eval --ranker learned`); only then is a missing model worth a warning.
    /// </returns>
    public static ArticleReranker? Create(RetrievalOptions options, VietnameseAnalyzer analyzer, QuestionCues cues, ILogger? logger = null)
    {
        if (!options.Ranker.Equals(RetrievalOptions.RankerLearned, StringComparison.Ordinal)) logger = null;
        if (string.IsNullOrWhiteSpace(options.RankerPath) || !File.Exists(options.RankerPath))
        {
            logger?.LogWarning("Ranker model {Path} not found; searches keep the lexical order", options.RankerPath);
            return null;
        }
        try
        {
            return new ArticleReranker(new RankingFeatures(analyzer, cues), LearnedRankerModel.Load(options.RankerPath), Math.Clamp(options.RankerCandidates, 2, 200), analyzer.Synonyms);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or InvalidOperationException)
        {
            // A stale or damaged model must not take search down: the lexical order still answers.
            logger?.LogWarning(e, "Ranker model {Path} could not be loaded; searches keep the lexical order", options.RankerPath);
            return null;
        }
    }
}
