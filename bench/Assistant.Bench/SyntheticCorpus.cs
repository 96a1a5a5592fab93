using System.Text;
using System.Text.RegularExpressions;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using Assistant.Access;

namespace Assistant.Bench;

/// <summary>
/// Realistic Vietnamese legal-like chunks for a large store: sentences and clauses of the bundled corpus recombined,
/// with their headings, under synthetic documents (varied numbers, types, statuses, security levels), article and
/// clause numbers varied, and a random unit vector per chunk so the dense path is exercised. Seeded: reproducible.
/// </summary>
public sealed partial class SyntheticCorpus
{
    private static readonly string[] Types = ["Luật", "Nghị định", "Thông tư", "Quyết định", "Văn bản hợp nhất"];
    private static readonly string[] Suffixes = ["QH15", "NĐ-CP", "TT-BTNMT", "QĐ-UBND", "VBHN-VPQH"];
    private static readonly string[] Provinces = ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Quảng Ninh", "Nghệ An", "Lâm Đồng"];

    private readonly Random _rng;
    private readonly string[] _sentences;
    private readonly int[] _lengths;
    private readonly IReadOnlyList<string>[] _headings;
    private readonly string[] _titles;

    public int Dimensions { get; }
    public int SentencePool => _sentences.Length;

    public SyntheticCorpus(IEnumerable<LegalChunk> corpus, int dimensions = 384, int seed = 20261126)
    {
        _rng = new Random(seed);
        Dimensions = dimensions;
        var chunks = corpus.ToList();
        if (chunks.Count == 0) throw new InvalidOperationException("The corpus has no chunks to recombine.");
        var sentences = new List<string>();
        foreach (var c in chunks)
            foreach (var line in c.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line.Length <= 320) { if (line.Length >= 12) sentences.Add(line); continue; }
                // Long paragraphs are cut at sentence and clause boundaries so they recombine.
                foreach (var piece in SentenceBreak().Split(line))
                    if (piece.Trim() is { Length: >= 12 } p) sentences.Add(p.EndsWith('.') || p.EndsWith(';') || p.EndsWith(':') ? p : p + ";");
            }
        _sentences = sentences.Distinct(StringComparer.Ordinal).ToArray();
        _lengths = chunks.Select(c => c.Text.Length).Where(l => l > 0).ToArray();
        _headings = chunks.Select(c => c.HeadingPath).Where(h => h.Count > 0).ToArray();
        _titles = chunks.Select(c => c.ArticleTitle).OfType<string>().Where(t => t.Length > 0).Distinct().ToArray();
        if (_headings.Length == 0) _headings = [["Chương I", "Điều 1. Phạm vi điều chỉnh"]];
        if (_titles.Length == 0) _titles = ["Phạm vi điều chỉnh"];
    }

    /// <summary>Metadata of synthetic document <paramref name="index"/> (0-based).</summary>
    public DocumentMetadata Document(int index)
    {
        int kind = index % Types.Length;
        int year = 2013 + index % 14;
        int number = 1 + (index * 37) % 400;
        var docNumber = kind == 4 ? $"{number}/{Suffixes[kind]}" : $"{number}/{year}/{Suffixes[kind]}";
        var shortTitle = kind switch
        {
            0 => $"Luật Đất đai (tổng hợp) số {number}",
            1 => $"Nghị định {number}/{year} về đất đai",
            2 => $"Thông tư {number}/{year} hướng dẫn về đất đai",
            3 => $"Quyết định {number}/{year} của UBND {Provinces[index % Provinces.Length]}",
            _ => $"Văn bản hợp nhất {number} về đất đai",
        };
        // Most documents are public; some internal ones must be filtered out of public searches.
        var security = index % 7 == 3 ? SecurityLevel.Internal : SecurityLevel.Public;
        var status = (index % 10) switch
        {
            < 6 => DocumentStatus.InForce,
            < 8 => DocumentStatus.Amended,
            8 => DocumentStatus.Replaced,
            _ => DocumentStatus.Expired,
        };
        return new DocumentMetadata
        {
            Id = $"synthetic-{index:000}",
            Number = docNumber,
            Consolidates = kind == 4 ? $"{number}/{year}/QH15" : null,
            Type = Types[kind],
            Title = $"{shortTitle} (tài liệu tổng hợp cho đo hiệu năng)",
            ShortTitle = shortTitle,
            Issuer = kind switch { 0 => "Quốc hội", 1 => "Chính phủ", 2 => "Bộ Tài nguyên và Môi trường", 3 => $"UBND {Provinces[index % Provinces.Length]}", _ => "Văn phòng Quốc hội" },
            Issued = new DateOnly(year, 1 + index % 12, 1 + index % 28),
            Effective = new DateOnly(year, 1 + index % 12, 1 + index % 28).AddMonths(6),
            Status = status,
            Security = security,
            Aliases = [shortTitle.ToLowerInvariant()],
        };
    }

    /// <summary>The chunks of one synthetic document: articles of one or several clauses, lengths drawn from the corpus.</summary>
    public List<EmbeddedChunk> Chunks(DocumentMetadata doc, string sourceId, int count)
    {
        var result = new List<EmbeddedChunk>(count);
        int article = 0;
        while (result.Count < count)
        {
            article++;
            var headingSource = _headings[_rng.Next(_headings.Length)];
            var title = _titles[_rng.Next(_titles.Length)];
            var heading = headingSource.Take(headingSource.Count - 1).Append($"Điều {article}. {title}").ToList();
            // Like the chunker: most articles are one chunk, long ones are cut into clauses.
            int clauses = _rng.NextDouble() < 0.75 ? 0 : _rng.Next(2, 6);
            for (int k = 0; k <= clauses && result.Count < count; k++)
            {
                if (clauses > 0 && k == 0) continue;
                int? clause = clauses == 0 ? null : k;
                var text = Text(clause);
                var chunk = new LegalChunk
                {
                    Id = $"{doc.Id}#d{article}{(clause is { } c ? $".k{c}" : "")}",
                    SourceId = sourceId,
                    Document = doc,
                    Chapter = heading.Count > 1 ? heading[^2] : null,
                    Article = article,
                    ArticleTitle = title,
                    Clause = clause,
                    Citation = (clause is { } cc ? $"Khoản {cc} " : "") + $"Điều {article} {doc.CitationName}",
                    HeadingPath = heading,
                    Text = text,
                    Ordinal = result.Count,
                };
                result.Add(new EmbeddedChunk(chunk, Dimensions > 0 ? RandomUnitVector() : null));
            }
        }
        return result;
    }

    private string Text(int? clause)
    {
        int target = _lengths[_rng.Next(_lengths.Length)];
        if (clause is not null) target = Math.Max(120, target / 2);
        var sb = new StringBuilder(target + 200);
        if (clause is { } k) sb.Append(k).Append(". ");
        int line = 0;
        while (sb.Length < target)
        {
            var s = _sentences[_rng.Next(_sentences.Length)];
            // Vary the cross-references so that the synthetic store does not repeat the corpus's numbers verbatim.
            s = ArticleReference().Replace(s, _ => $"Điều {_rng.Next(1, 260)}");
            if (line > 0) sb.Append(_rng.NextDouble() < 0.6 ? "\n" : " ");
            if (line > 0 && _rng.NextDouble() < 0.3) sb.Append((char)('a' + Math.Min(line - 1, 25))).Append(") ");
            sb.Append(s);
            line++;
        }
        return sb.ToString();
    }

    /// <summary>A random direction, L2-normalised like the embedding generators' output.</summary>
    public float[] RandomUnitVector()
    {
        var v = new float[Dimensions];
        for (int i = 0; i < v.Length; i += 2)
        {
            // Box–Muller: Gaussian components give a uniform direction.
            double u1 = 1.0 - _rng.NextDouble(), u2 = _rng.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            v[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < v.Length) v[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        return v;
    }

    /// <summary>A question-like text made of corpus words, for JIT warm-up with queries other than the measured ones.</summary>
    public string RandomSentence() => _sentences[_rng.Next(_sentences.Length)];

    [GeneratedRegex(@"(?<=[.;:])\s+")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"Điều \d+")]
    private static partial Regex ArticleReference();
}
