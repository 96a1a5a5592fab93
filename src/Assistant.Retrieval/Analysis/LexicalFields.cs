namespace Assistant.Retrieval.Analysis;

/// <summary>Names of the lexical fields every store indexes: syllable unigrams and bigrams, accented and folded.</summary>
public static class LexicalFields
{
    public const string Unigram = "u";
    public const string Bigram = "b";
    public const string FoldedUnigram = "uf";
    public const string FoldedBigram = "bf";
    public static readonly string[] All = [Unigram, Bigram, FoldedUnigram, FoldedBigram];
}

/// <summary>One weighted query term in one lexical field.</summary>
public readonly record struct WeightedTerm(string Field, string Term, float Weight);

/// <summary>The terms of a text, per lexical field, in order (duplicates kept: term frequency matters).</summary>
public sealed class AnalyzedText
{
    public List<string> Unigrams { get; } = [];
    public List<string> Bigrams { get; } = [];
    public List<string> FoldedUnigrams { get; } = [];
    public List<string> FoldedBigrams { get; } = [];

    public IReadOnlyList<string> Field(string name) => name switch
    {
        LexicalFields.Unigram => Unigrams,
        LexicalFields.Bigram => Bigrams,
        LexicalFields.FoldedUnigram => FoldedUnigrams,
        LexicalFields.FoldedBigram => FoldedBigrams,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown lexical field"),
    };
}
