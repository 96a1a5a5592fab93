using Assistant.Land.Freshness;

namespace Assistant.Land.Tests.Freshness;

/// <summary>
/// The asOf/reviewBy convention of data/README.md ("Freshness") over the real data folder, and the reader on small
/// folders written by the tests. The real data is checked for format only: the review dates are never compared with
/// the day the tests run.
/// </summary>
public sealed class DataFreshnessTests : IDisposable
{
    private static readonly string DataRoot = Path.Combine(Procedures.ProcedureTestData.RepoRoot, "data");

    /// <summary>Data files that carry the pair themselves or in their sidecar.</summary>
    private static readonly string[] Dated =
    [
        "admin-units/hanoi_new_units_2025-07-01.csv",
        "admin-units/hanoi_old_to_new_mapping.csv",
        "admin-units/hanoi_old_units_2025-03-01.csv",
        "calendar/calendar.json",
        "conversation/aspect-citations.tsv",
        "conversation/domain-words.tsv",
        "conversation/follow-up-aspects.tsv",
        "conversation/follow-up-markers.tsv",
        "conversation/greetings.tsv",
        "conversation/local-rules.tsv",
        "conversation/merger-cues.tsv",
        "conversation/merger-old-new.tsv",
        "conversation/procedure-cues.tsv",
        "conversation/procedure-steps.tsv",
        "lexicon/question-types.tsv",
        "lexicon/stopwords.txt",
        "lexicon/synonyms.tsv",
        "officers/roster.sample.csv",
        "staff/roster.sample.csv",
        "priority-projects/priority-projects.json",
        "procedures/aliases.tsv",
        "procedures/caveats.tsv",
        "procedures/land_procedures_dongnai_2025_summary.csv",
        "procedures/land_procedures_dongnai_2025_summary.json",
        "procedures/phrasing.tsv",
        "procedures/scope.tsv",
        "procedures/time-limits.tsv",
        "procedures/variants.tsv",
        "regulations/catalog.json",
        "triage/paper-stop-syllables.txt",
        "triage/paper-synonyms.tsv",
    ];

    /// <summary>Files whose format cannot carry the pair: their sidecar FILE.meta.json carries it.</summary>
    private static readonly string[] Sidecars =
    [
        "admin-units/hanoi_new_units_2025-07-01.csv.meta.json",
        "admin-units/hanoi_old_to_new_mapping.csv.meta.json",
        "admin-units/hanoi_old_units_2025-03-01.csv.meta.json",
        "procedures/land_procedures_dongnai_2025_summary.csv.meta.json",
        "procedures/land_procedures_dongnai_2025_summary.json.meta.json",
    ];

    /// <summary>Regulation texts: dated by their entry in regulations/catalog.json.</summary>
    private static readonly string[] DatedByCatalog =
    [
        "regulations/hanoi/qd-01-2025-QD-UBND_don-gia-boi-thuong-nha-cong-trinh-HN.md",
        "regulations/hanoi/qd-07-2025-QD-UBND_muc-nop-tien-dat-trong-lua-HN.md",
        "regulations/hanoi/qd-16-2025-QD-UBND_chuc-nang-So-NN-MT-HN.md",
        "regulations/hanoi/qd-38-2025-QD-UBND_sua-doi-QD56-2024-boi-thuong-TDC-HN.md",
        "regulations/hanoi/qd-40-2025-QD-UBND_sua-doi-quy-dinh-dat-dai-HN.md",
        "regulations/hanoi/qd-67-2024-QD-UBND_bai-bo-tham-quyen-gia-khoi-diem-dau-gia-HN.md",
        "regulations/hanoi/qd-71-2024-QD-UBND_sua-doi-bang-gia-dat-QD30-2019-HN.md",
        "regulations/luat-dat-dai-2013_45-2013-QH13.md",
        "regulations/luat-dat-dai-2024_31-2024-QH15.md",
        "regulations/luat-dat-dai_vbhn-133-2025.md",
        "regulations/nghi-dinh-49-2026-ND-CP.md",
        "regulations/nghi-dinh-50-2026-ND-CP.md",
    ];

    /// <summary>Not dated facts: documentation, scripts, training data, repair records of the texts, the resolution the unit mapping is checked against.</summary>
    private static readonly string[] NotDated =
    [
        "README.md",
        "admin-units/1656_NQ-UBTVQH15_sap-xep-DVHC-cap-xa-Ha-Noi-2025.md",
        // Invented names and places for the generated sample archive: no fact about anyone.
        "archive-sample/SOURCES.md",
        "archive-sample/vocabulary.tsv",
        // The learned ranker and its training-data hash (train-ranker): training output, not facts.
        "ranker/.gitignore",
        "ranker/ranker.json",
        "ranker/ranker.zip",
        "admin-units/SOURCES.md",
        "calendar/README.md",
        "conversation/README.md",
        "priority-projects/README.md",
        "procedures/SOURCES.md",
        "regulations/SOURCES.md",
        "regulations/repairs/luat-31-2024-QH15.manual.tsv",
        "regulations/repairs/luat-31-2024-QH15.tsv",
        "regulations/repairs/nghi-dinh-50-2026-ND-CP.manual.tsv",
        "regulations/repairs/nghi-dinh-50-2026-ND-CP.tsv",
        "regulations/repairs/vbhn-133-2025.footnotes.tsv",
        "regulations/repairs/vbhn-133-2025.known-differences.tsv",
        "regulations/repairs/vbhn-133-2025.manual.tsv",
        "regulations/repairs/vbhn-133-2025.tsv",
        "triage/README.md",
        "triage/make_dev.py",
        "triage/make_training.py",
        "triage/phrasings.tsv",
        "triage/training.jsonl",
    ];

    private readonly string _temp = Directory.CreateTempSubdirectory("assistant-freshness-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_temp, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Every_file_under_data_is_classified_once()
    {
        var actual = Directory.EnumerateFiles(DataRoot, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(DataRoot, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
        var classified = Dated.Concat(Sidecars).Concat(DatedByCatalog).Concat(NotDated).ToList();
        var twice = classified.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, "classified twice: " + string.Join(", ", twice));
        var unclassified = actual.Except(classified).ToList();
        Assert.True(unclassified.Count == 0,
            "data files not classified (add each to Dated with an asOf/reviewBy pair, or to NotDated if it is no dated fact): " + string.Join(", ", unclassified));
        var gone = classified.Except(actual).ToList();
        Assert.True(gone.Count == 0, "classified but not in data/: " + string.Join(", ", gone));
    }

    [Fact]
    public void The_reader_finds_exactly_the_dated_files_and_the_regulation_texts()
    {
        var report = DataFreshness.Scan(DataRoot, DateOnly.MinValue);
        Assert.Equal(Dated.Concat(DatedByCatalog).Order(StringComparer.Ordinal), report.Files.Select(f => f.Path));
    }

    [Fact]
    public void Every_dated_file_has_valid_iso_dates_with_reviewBy_not_before_asOf()
    {
        // DateOnly.MinValue as "today": the state says whether the pair is well-formed, never whether it is past.
        var report = DataFreshness.Scan(DataRoot, DateOnly.MinValue);
        var problems = report.Files
            .Where(f => f.State != FreshnessState.Ok)
            .Select(f => $"{f.Path}: {f.State} {f.Problem}").ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        foreach (var file in report.Files.Where(f => f.State == FreshnessState.Ok))
        {
            Assert.NotNull(file.AsOf);
            Assert.NotNull(file.ReviewBy);
            Assert.True(file.ReviewBy >= file.AsOf, file.Path);
        }
    }

    [Fact]
    public void Procedure_times_past_Hanois_deadline_were_due_for_review_when_compiled()
    {
        // Decree 49/2026 Art. 15 gave Hanoi until 1/7/2026 to set its own times; both were compiled after that date, so
        // their review is due on the day they were compiled (the comparison is between the file's own dates).
        var report = DataFreshness.Scan(DataRoot, DateOnly.MinValue);
        foreach (var path in new[] { "procedures/time-limits.tsv", "procedures/land_procedures_dongnai_2025_summary.json" })
        {
            var file = Assert.Single(report.Files, f => f.Path == path);
            Assert.True(file.AsOf > new DateOnly(2026, 7, 1), path);
            Assert.Equal(file.AsOf, file.ReviewBy);
        }
    }

    [Fact]
    public void Comment_lines_json_fields_sidecars_and_catalog_entries_are_read()
    {
        Write("a/list.tsv", "# Một danh sách.\n# asOf: 2026-11-26\n# reviewBy: 2027-05-26\nsổ đỏ\tgiấy chứng nhận\n");
        Write("a/facts.json", "{ \"asOf\": \"2026-12-04\", \"reviewBy\": \"2026-12-15\", \"items\": [] }");
        Write("a/strict.csv", "code,name\n1,x\n");
        Write("a/strict.csv.meta.json", "{ \"asOf\": \"2026-11-26\", \"reviewBy\": \"2026-11-26\" }");
        Write("r/catalog.json", "{ \"asOf\": \"2026-11-26\", \"reviewBy\": \"2027-05-26\", \"documents\": { \"x/luat.md\": { \"asOf\": \"2026-11-26\", \"reviewBy\": \"2027-11-26\", \"id\": \"x\" }, \"qd.md\": { \"id\": \"qd\" } } }");
        Write("r/x/luat.md", "# Luật\n");
        Write("notes/README.md", "no dates\n");
        Write("b/script.py", "print(1)\n");
        Write("regulations/repairs/vbhn.tsv", "# generated\nline\tbefore\tafter\n");
        Write("triage/phrasings.tsv", "1.011441\tvay tiền\n");

        var report = DataFreshness.Scan(_temp, new DateOnly(2026, 12, 5));

        Assert.Equal(["a/facts.json", "a/list.tsv", "a/strict.csv", "r/catalog.json", "r/qd.md", "r/x/luat.md"], report.Files.Select(f => f.Path));
        Assert.Equal(new FileFreshness("a/list.tsv", new(2026, 11, 26), new(2027, 5, 26), FreshnessState.Ok), One(report, "a/list.tsv"));
        Assert.Equal(new FileFreshness("a/facts.json", new(2026, 12, 4), new(2026, 12, 15), FreshnessState.Ok), One(report, "a/facts.json"));
        Assert.Equal(new FileFreshness("a/strict.csv", new(2026, 11, 26), new(2026, 11, 26), FreshnessState.PastReview), One(report, "a/strict.csv"));
        Assert.Equal(FreshnessState.Ok, One(report, "r/x/luat.md").State);
        Assert.Equal(new DateOnly(2027, 11, 26), One(report, "r/x/luat.md").ReviewBy);
        Assert.Equal(FreshnessState.Missing, One(report, "r/qd.md").State);
        Assert.Equal(["a/strict.csv"], report.PastReview.Select(f => f.Path));
        Assert.Equal(["r/qd.md"], report.Undated.Select(f => f.Path));
        Assert.False(report.AllOk);
    }

    [Theory]
    [InlineData("2027-05-26", FreshnessState.Ok)]  // the review date itself is still within review
    [InlineData("2027-05-27", FreshnessState.PastReview)]
    public void A_file_is_past_review_the_day_after_reviewBy(string today, FreshnessState expected)
    {
        Write("list.tsv", "# asOf: 2026-11-26\n# reviewBy: 2027-05-26\nx\n");
        Assert.Equal(expected, Assert.Single(DataFreshness.Scan(_temp, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)).Files).State);
    }

    [Theory]
    [InlineData("list.tsv", "x\ty\n", FreshnessState.Missing)]
    [InlineData("list.tsv", "# asOf: 2026-11-26\nx\n", FreshnessState.Malformed)]
    [InlineData("list.tsv", "# asOf: 26/11/2026\n# reviewBy: 2027-05-26\nx\n", FreshnessState.Malformed)]
    [InlineData("list.tsv", "# asOf: 2026-11-26\n# reviewBy: 2026-11-25\nx\n", FreshnessState.Malformed)]
    [InlineData("list.tsv", "x\n# asOf: 2026-11-26\n# reviewBy: 2027-05-26\n", FreshnessState.Missing)] // not at the top
    [InlineData("facts.json", "{ \"asOf\": 20261126, \"reviewBy\": \"2027-05-26\" }", FreshnessState.Malformed)]
    [InlineData("facts.json", "{ \"asOf\": \"2026-11-26\", ", FreshnessState.Malformed)]
    [InlineData("facts.json", "[ { \"asOf\": \"2026-11-26\", \"reviewBy\": \"2027-05-26\" } ]", FreshnessState.Missing)]
    public void Missing_and_malformed_pairs_are_told_apart(string name, string content, FreshnessState expected)
    {
        Write(name, content);
        var file = Assert.Single(DataFreshness.Scan(_temp, new DateOnly(2026, 12, 5)).Files);
        Assert.Equal(expected, file.State);
        Assert.False(string.IsNullOrEmpty(file.Problem));
    }

    [Fact]
    public void Today_is_the_Vietnam_date_of_the_clock()
    {
        // 17:30 UTC on 4 December is 00:30 on 5 December in Hanoi.
        Assert.Equal(new DateOnly(2026, 12, 5), DataFreshness.Today(new FixedClock(new DateTimeOffset(2026, 12, 4, 17, 30, 0, TimeSpan.Zero))));
    }

    private static FileFreshness One(FreshnessReport report, string path) => Assert.Single(report.Files, f => f.Path == path);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_temp, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
