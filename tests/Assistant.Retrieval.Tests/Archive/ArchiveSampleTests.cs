using System.Text.RegularExpressions;
using Assistant.Indexer.Archive;
using Assistant.Retrieval.Chunks;

namespace Assistant.Retrieval.Tests.Archive;

/// <summary>The invented sample archive: the same seed writes the same files, and each page's ground truth is what it prints.</summary>
public sealed partial class ArchiveSampleTests
{
    internal static SampleVocabulary Vocabulary() => SampleVocabulary.Load(
        Path.Combine(RepoPaths.Root, "data", "archive-sample", "vocabulary.tsv"),
        Path.Combine(RepoPaths.Root, "data", "admin-units", "hanoi_old_to_new_mapping.csv"));

    [Fact]
    public void The_same_seed_writes_the_same_pages_and_truth_and_another_seed_does_not()
    {
        using var folder = new ScratchFolder("archive-sample-");
        using var renderer = new PageRenderer();
        var generator = new SampleArchiveGenerator(Vocabulary(), renderer);

        var first = generator.Generate(folder.Folder("a"), count: 3, seed: 5);
        var second = generator.Generate(folder.Folder("b"), count: 3, seed: 5);
        var other = generator.Generate(folder.Folder("c"), count: 3, seed: 6);

        Assert.Equal(6, first.Count); // a clean and a degraded page per document
        Assert.Equal(first.Select(p => Path.GetRelativePath(folder.File("a"), p.ImagePath)), second.Select(p => Path.GetRelativePath(folder.File("b"), p.ImagePath)));
        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(File.ReadAllBytes(first[i].ImagePath), File.ReadAllBytes(second[i].ImagePath));
            Assert.Equal(File.ReadAllText(first[i].TruthPath), File.ReadAllText(second[i].TruthPath));
        }
        Assert.NotEqual(first.Select(p => p.Truth.Fields.Parcel + p.Truth.Fields.Address), other.Select(p => p.Truth.Fields.Parcel + p.Truth.Fields.Address));
        // Round trip of the truth file the eval reads.
        Assert.Equal(first[0].Truth.Fields.Address, SampleArchiveGenerator.ReadTruth(first[0].TruthPath).Fields.Address);
    }

    [Fact]
    public void Every_truth_field_is_printed_on_its_page_and_no_id_number_can_be_real()
    {
        var vocabulary = Vocabulary();
        var newCodes = vocabulary.Units.Select(u => u.NewCode).ToHashSet(StringComparer.Ordinal);
        var factory = new SampleDocumentFactory(vocabulary);
        var rng = new Random(42);
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        for (int n = 0; n < 60; n++)
        {
            var doc = factory.Create(rng);
            kinds.Add(doc.Kind);
            // Column lines in reading order, joined by spaces: a two-line agency block reads as one name.
            var printed = string.Join(' ', doc.Content.Blocks.SelectMany(b => b.Left.Concat(b.Right ?? [])).Select(l => l.Text).Where(t => t.Length > 0));
            var t = doc.Truth;
            Assert.Contains(doc.Unit, newCodes);
            Assert.Contains(doc.Security, new[] { "Internal", "Confidential" });
            Assert.Matches(ParcelPrinted(t.Parcel!), printed);
            Assert.Matches(SheetPrinted(t.MapSheet!), printed);
            Assert.Contains(t.Address!, printed);
            Assert.EndsWith("thành phố Hà Nội", t.Address);
            Assert.Contains(t.Issuer!, printed);
            var date = DateOnly.Parse(t.DocumentDate!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains($"ngày {date.Day} tháng {date.Month} năm {date.Year}", printed);
            // Before the 1 July 2025 merger an address names its district; after it, only the new unit and the city.
            Assert.Equal(date < new DateOnly(2025, 7, 1), QuanHuyen().IsMatch(t.Address!));
            if (t.Serial is { } serial) Assert.Contains(serial, printed);
            if (t.RegisterNumber is { } register) Assert.Contains(register, printed);
            if (t.DocumentNumber is { } number) Assert.Contains(number, printed);
            Assert.NotEmpty(t.HolderNames);
            Assert.All(t.HolderNames, name => Assert.Contains(name, printed));
            // Province code 000 belongs to no province.
            Assert.All(t.IdNumbers, id => { Assert.Matches("^000[0-9]{9}$", id); Assert.Contains(id, printed); });
            if (doc.Kind == ArchiveKinds.Certificate) Assert.NotNull(t.Serial);
            if (doc.Kind is ArchiveKinds.Decision or ArchiveKinds.Contract or ArchiveKinds.CadastralExtract) Assert.NotNull(t.DocumentNumber);
        }
        Assert.Equal(new[] { ArchiveKinds.CadastralExtract, ArchiveKinds.Certificate, ArchiveKinds.Contract, ArchiveKinds.Decision }, kinds.Order(StringComparer.Ordinal));
    }

    private static Regex ParcelPrinted(string parcel) => new($@"(Thửa đất số:? |thửa đất số |Số thứ tự thửa đất: ){parcel}\b");

    private static Regex SheetPrinted(string sheet) => new($@"[Tt]ờ bản đồ số:? {sheet}\b");

    [GeneratedRegex(@"\b(quận|huyện|thị xã) ")]
    private static partial Regex QuanHuyen();
}
