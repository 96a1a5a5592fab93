using Assistant.Retrieval.Analysis;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using Assistant.Vietnamese;

namespace Assistant.Retrieval.Search;

/// <summary>
/// Re-ranks the top lexical candidates, grouped to articles, with the learned model, then applies the question rules
/// (a comparison shows an article of each law; a definition question whose term is defined in the definitions article
/// puts that article first). Articles below the top <see cref="Candidates"/> keep their lexical order after them.
/// </summary>
/// <param name="synonyms">Everyday words the title-coverage rule reads as the law's ("sổ đỏ" for "giấy chứng nhận"); none when null.</param>
public sealed class ArticleReranker(RankingFeatures features, LearnedRankerModel? model, int candidates = 50, SynonymTable? synonyms = null)
{
    public int Candidates => candidates;
    public RankingFeatures Features => features;
    public bool HasModel => model is not null;
    public LearnedRankerModel? Model => model;

    /// <summary>The hits grouped to articles in their order (one key per law and article, the key the results collapse on).</summary>
    public static List<ArticleCandidate> Group(IReadOnlyList<SearchHit> hits, int max)
    {
        var groups = new List<(string Key, List<SearchHit> Hits)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            var key = ArticleKey(hit);
            if (index.TryGetValue(key, out var at)) groups[at].Hits.Add(hit);
            else if (groups.Count < max)
            {
                index[key] = groups.Count;
                groups.Add((key, [hit]));
            }
        }
        return groups.Select((g, i) => new ArticleCandidate(g.Key, g.Hits, i)).ToList();
    }

    public static string ArticleKey(SearchHit hit) =>
        hit.Chunk.Article is { } a ? $"{hit.Chunk.Document.LawNumber}#{a}{hit.Chunk.ArticleSuffix}" : hit.Chunk.Id;

    /// <summary>Scores of the candidates by the model (their lexical order when there is none).</summary>
    public float[] Score(QuestionProfile question, IReadOnlyList<ArticleCandidate> group, IChunkStoreTermStatistics? statistics) =>
        model is null
            ? group.Select(c => -(float)c.Order).ToArray()
            : model.Score(features.Extract(question, group, statistics));

    public IReadOnlyList<SearchHit> Rerank(QuestionProfile question, IReadOnlyList<SearchHit> hits, IChunkStoreTermStatistics? statistics)
    {
        var group = Group(hits, candidates);
        if (group.Count == 0) return hits;
        var scores = Score(question, group, statistics);
        var order = Enumerable.Range(0, group.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).Select(i => group[i]).ToList();
        order = ApplyRules(question, order);
        var kept = new HashSet<string>(order.Select(c => c.Key), StringComparer.Ordinal);
        return order.SelectMany(c => c.Hits).Concat(hits.Where(h => !kept.Contains(ArticleKey(h)))).ToList();
    }

    /// <summary>Query understanding on top of any order: definitions and comparisons.</summary>
    public List<ArticleCandidate> ApplyRules(QuestionProfile question, List<ArticleCandidate> order)
    {
        if (question.Is(QuestionKinds.Definition))
        {
            // The definitions article of the law the question is about, when it defines what is asked ("X là gì").
            var defined = order.Take(candidates)
                .Where(RankingFeatures.IsDefinitions)
                .Select(c => (c, Cover: features.DefinedTermCoverage(c, question.Bigrams.ToHashSet(StringComparer.Ordinal), question.Accented)))
                .Where(x => x.Cover >= 0.999f)
                .OrderBy(x => question.NamedLaws.Contains(x.c.Best.Chunk.Document.LawNumber) ? 0 : 1)
                .ThenBy(x => order.IndexOf(x.c))
                .Select(x => x.c)
                .FirstOrDefault();
            if (defined is not null && order.IndexOf(defined) > 0)
            {
                order.Remove(defined);
                order.Insert(0, defined);
            }
        }
        order = TitleNamedFirst(question, order);
        order = TitleCoveredFirst(question, order, synonyms);
        if (question.Is(QuestionKinds.Comparison) && order.Count > 2)
        {
            // "… so với luật 2013": one article of another law among the first three, its best one.
            var firstLaw = order[0].Best.Chunk.Document.LawNumber;
            if (order.Take(3).All(c => c.Best.Chunk.Document.LawNumber == firstLaw))
            {
                var other = order.FirstOrDefault(c => c.Best.Chunk.Document.LawNumber != firstLaw && c.Best.Chunk.Document.Type == order[0].Best.Chunk.Document.Type);
                if (other is not null)
                {
                    order.Remove(other);
                    order.Insert(1, other);
                }
            }
        }
        return order;
    }

    /// <summary>Title rule (h-aspect): how many of the first candidates are looked at for a title the question names.</summary>
    public const int TitleRuleDepth = 10;

    /// <summary>Title rule (h-aspect): the fewest syllables of a title's beginning the question must say, in one run.</summary>
    public const int TitleRuleMinSyllables = 4;

    /// <summary>
    /// Query understanding (h-aspect): a question that names an article's subject almost as its title ("Thẩm quyền cấp giấy
    /// chứng nhận quyền sử dụng đất thuộc cơ quan nào?" — Điều 136 "Thẩm quyền cấp Giấy chứng nhận quyền sử dụng đất, …")
    /// is about that article, not about the ones that repeat its words in their bodies. Among the first candidates, the one
    /// whose title's beginning the question says at greatest length (at least <see cref="TitleRuleMinSyllables"/>
    /// syllables in one run and half the question, longer than what it says of the first candidate's title) goes first.
    /// </summary>
    public static List<ArticleCandidate> TitleNamedFirst(QuestionProfile question, List<ArticleCandidate> order)
    {
        if (order.Count < 2) return order;
        var folded = " " + VietnameseText.FoldPhrase(question.Question) + " ";
        int syllables = folded.Count(ch => ch == ' ') - 1;
        int firstLength = TitlePrefixSaid(folded, order[0]);
        ArticleCandidate? best = null;
        int bestLength = Math.Max(firstLength, TitleRuleMinSyllables - 1);
        foreach (var c in order.Skip(1).Take(TitleRuleDepth - 1))
        {
            int length = TitlePrefixSaid(folded, c);
            // The title must be most of what is asked: a long question that mentions a title in passing is about more.
            if (length > bestLength && length * 2 >= syllables) (best, bestLength) = (c, length);
        }
        if (best is null) return order;
        order.Remove(best);
        order.Insert(0, best);
        return order;
    }

    /// <summary>Title-coverage rule (h-scenario): the longest question (in syllables) it is tried for.</summary>
    public const int TitleCoverMaxSyllables = 18;

    /// <summary>Title-coverage rule (h-scenario): the fewest words of a title's subject the question must say.</summary>
    public const int TitleCoverMinWords = 4;

    /// <summary>Title-coverage rule (h-scenario): the share of a title's subject words the question must say.</summary>
    public const double TitleCoverMinShare = 0.85;

    // Words that join a title's subject and say nothing of it ("các", "những", "của", "về", "đối với", …).
    private static readonly HashSet<string> TitleJoiners = new(["cac", "nhung", "cua", "ve", "doi", "voi", "va", "cho", "trong", "khi", "tai", "theo", "duoc"], StringComparer.Ordinal);

    /// <summary>
    /// Query understanding (h-scenario): a short question that names an article's subject in its own words, not in the
    /// title's order ("Những trường hợp không được cấp sổ đỏ gồm những gì?" — Điều 151 "Các trường hợp không cấp Giấy
    /// chứng nhận …"; "Nghĩa vụ tài chính về đất đai gồm những gì?" — "Các khoản thu ngân sách từ đất đai"). A title's
    /// subject is its text up to the first comma or semicolon; the question, read with its everyday words expanded to
    /// the law's (the synonym list), must say at least <see cref="TitleCoverMinShare"/> of the subject's words. What it
    /// says is counted in the question's own syllables (an expansion counts no more than the syllables of the phrase it
    /// replaces: "sổ đỏ" is two, not the seven of "giấy chứng nhận quyền sử dụng đất"), at least
    /// <see cref="TitleCoverMinWords"/>. Among the first candidates the one whose subject it says most of goes first,
    /// when that is more than it says of the first candidate's whole title.
    /// </summary>
    public static List<ArticleCandidate> TitleCoveredFirst(QuestionProfile question, List<ArticleCandidate> order, SynonymTable? synonyms)
    {
        if (order.Count < 2) return order;
        var syllables = Tokenizer.Syllables(question.Question).ToList();
        if (syllables.Count > TitleCoverMaxSyllables) return order;
        // "X là gì" whose term the definitions article defines stays with it.
        if (question.Is(QuestionKinds.Definition) && RankingFeatures.IsDefinitions(order[0])) return order;
        var own = new HashSet<string>(syllables.Select(s => s.Folded), StringComparer.Ordinal);
        var expanded = synonyms is null
            ? []
            : synonyms.Matches(question.Question).Select(m => (Words: Tokenizer.Syllables(m.Expansion).Select(s => s.Folded).ToHashSet(StringComparer.Ordinal), m.PhraseSyllables)).ToList();
        int firstSaid = WordsSaid(TitleWords(order[0], wholeTitle: true), own, expanded).Said;
        ArticleCandidate? best = null;
        int bestSaid = Math.Max(firstSaid, TitleCoverMinWords - 1);
        foreach (var c in order.Skip(1).Take(TitleRuleDepth - 1))
        {
            // A replaced law's article does not jump ahead of the law in force unless the question names that law.
            var document = c.Best.Chunk.Document;
            if (document.Status is DocumentStatus.Replaced or DocumentStatus.Expired && !question.NamedLaws.Contains(document.LawNumber)) continue;
            var words = TitleWords(c, wholeTitle: false);
            var (said, covered) = WordsSaid(words, own, expanded);
            if (said > bestSaid && covered >= TitleCoverMinShare * words.Count) (best, bestSaid) = (c, said);
        }
        if (best is null) return order;
        order.Remove(best);
        order.Insert(0, best);
        return order;
    }

    /// <summary>The distinct words of the candidate's title, or of its subject (up to its first comma or semicolon), joiners left out.</summary>
    private static List<string> TitleWords(ArticleCandidate c, bool wholeTitle)
    {
        var title = c.Best.Chunk.ArticleTitle ?? "";
        int cut = wholeTitle ? -1 : title.IndexOfAny([',', ';']);
        return Tokenizer.Syllables(cut < 0 ? title : title[..cut]).Select(s => s.Folded).Where(w => !TitleJoiners.Contains(w)).Distinct().ToList();
    }

    /// <summary>
    /// Of <paramref name="words"/>: how many the question says, counted in its own syllables (each expansion at most the
    /// syllables of its phrase), and how many are covered at all (by the question or an expansion).
    /// </summary>
    private static (int Said, int Covered) WordsSaid(List<string> words, HashSet<string> own, List<(HashSet<string> Words, int PhraseSyllables)> expanded)
    {
        var rest = words.Where(w => !own.Contains(w)).ToList();
        int said = words.Count - rest.Count, covered = said;
        foreach (var (expansion, phraseSyllables) in expanded)
        {
            // The phrase's own syllables that the title holds are already counted ("giấy chứng nhận" expanded to
            // "giấy chứng nhận quyền sử dụng đất" says nothing more than its three syllables).
            int already = words.Count(w => own.Contains(w) && expansion.Contains(w));
            int hit = rest.RemoveAll(expansion.Contains);
            said += Math.Max(0, Math.Min(hit, phraseSyllables - already));
            covered += hit;
        }
        return (said, covered);
    }

    /// <summary>How many syllables of the beginning of the candidate's title occur in one run in the (folded, padded) question.</summary>
    private static int TitlePrefixSaid(string foldedQuestion, ArticleCandidate c)
    {
        var title = VietnameseText.FoldPhrase(c.Best.Chunk.ArticleTitle ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int said = 0;
        var prefix = new System.Text.StringBuilder(" ");
        for (int k = 0; k < title.Length; k++)
        {
            prefix.Append(title[k]).Append(' ');
            if (!foldedQuestion.Contains(prefix.ToString(), StringComparison.Ordinal)) break;
            said = k + 1;
        }
        return said;
    }
}
