using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;
using Assistant.Access;

namespace Assistant.Retrieval.Tests.Storage.Contract;

/// <summary>
/// The fixture corpus of the store contract: nine hand-written Vietnamese legal chunks in five documents (two laws,
/// a provincial decision, an internal guide and a confidential report), one source per document, each chunk with a
/// 4-dimensional vector along one axis so the dense path can be checked without a model.
/// </summary>
internal static class ContractCorpus
{
    public const int Dimensions = 4;
    public static readonly StoreManifest Manifest = new("1", "contract-axes", Dimensions);

    public static readonly DocumentMetadata Law2024 = new()
    {
        Id = "luat-dat-dai-2024",
        Number = "31/2024/QH15",
        Type = "Luật",
        Title = "Luật Đất đai",
        ShortTitle = "Luật Đất đai 2024",
        Status = DocumentStatus.InForce,
        Security = SecurityLevel.Public,
        Effective = new DateOnly(2024, 8, 1),
    };
    public static readonly DocumentMetadata Law2013 = new()
    {
        Id = "luat-dat-dai-2013",
        Number = "45/2013/QH13",
        Type = "Luật",
        Title = "Luật Đất đai",
        ShortTitle = "Luật Đất đai 2013",
        Status = DocumentStatus.Replaced,
        Security = SecurityLevel.Public,
        Effective = new DateOnly(2014, 7, 1),
    };
    public static readonly DocumentMetadata Decision = new()
    {
        Id = "qd-61-2024",
        Number = "61/2024/QĐ-UBND",
        Type = "Quyết định",
        Title = "Quyết định về tách thửa, hợp thửa",
        ShortTitle = "Quyết định 61/2024/QĐ-UBND",
        Status = DocumentStatus.InForce,
        Security = SecurityLevel.Public,
    };
    public static readonly DocumentMetadata Guide = new()
    {
        Id = "hd-noi-bo-01",
        Number = "01/HD-VPĐK",
        Type = "Hướng dẫn",
        Title = "Hướng dẫn nội bộ thẩm định hồ sơ",
        ShortTitle = "Hướng dẫn 01/HD-VPĐK",
        Status = DocumentStatus.InForce,
        Security = SecurityLevel.Internal,
    };
    public static readonly DocumentMetadata Report = new()
    {
        Id = "bc-mat-07",
        Number = "07/BC-TTr",
        Type = "Báo cáo",
        Title = "Báo cáo thanh tra",
        ShortTitle = "Báo cáo 07/BC-TTr",
        Status = DocumentStatus.InForce,
        Security = SecurityLevel.Confidential,
    };

    public static LegalChunk Chunk(DocumentMetadata d, int article, string title, string text, int ordinal) => new()
    {
        Id = $"{d.Id}#d{article}",
        SourceId = "src-" + d.Id,
        Document = d,
        Article = article,
        ArticleTitle = title,
        Citation = $"Điều {article} {d.CitationName}",
        HeadingPath = [$"Điều {article}. {title}"],
        Text = text,
        Ordinal = ordinal,
    };

    public static readonly LegalChunk L24Split = Chunk(Law2024, 220, "Tách thửa đất, hợp thửa đất",
        "1. Việc tách thửa đất, hợp thửa đất phải bảo đảm các nguyên tắc, điều kiện sau đây: thửa đất đã được cấp giấy chứng nhận; " +
        "thửa đất còn trong thời hạn sử dụng đất; đất không có tranh chấp, không bị kê biên để bảo đảm thi hành án.", 0);
    public static readonly LegalChunk L24Purpose = Chunk(Law2024, 121, "Chuyển mục đích sử dụng đất",
        "1. Các trường hợp chuyển mục đích sử dụng đất phải được cơ quan nhà nước có thẩm quyền cho phép bao gồm: " +
        "chuyển đất trồng lúa sang loại đất khác trong nhóm đất nông nghiệp; chuyển đất nông nghiệp sang đất phi nông nghiệp.", 1);
    public static readonly LegalChunk L24Quota = Chunk(Law2024, 195, "Đất ở tại đô thị",
        "Ủy ban nhân dân cấp tỉnh căn cứ vào quỹ đất và quy hoạch quy định hạn mức đất ở giao cho mỗi cá nhân tự xây dựng nhà ở tại đô thị.", 2);
    public static readonly LegalChunk L13Purpose = Chunk(Law2013, 57, "Chuyển mục đích sử dụng đất",
        "1. Các trường hợp chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền bao gồm: " +
        "chuyển đất trồng lúa sang đất trồng cây lâu năm, đất trồng rừng, đất nuôi trồng thủy sản.", 0);
    public static readonly LegalChunk L13Certificate = Chunk(Law2013, 100, "Cấp giấy chứng nhận cho hộ gia đình có giấy tờ",
        "Hộ gia đình, cá nhân đang sử dụng đất ổn định mà có một trong các loại giấy tờ về quyền sử dụng đất trước ngày 15 tháng 10 năm 1993 " +
        "thì được cấp giấy chứng nhận quyền sử dụng đất và không phải nộp tiền sử dụng đất.", 1);
    public static readonly LegalChunk DecMinimum = Chunk(Decision, 5, "Diện tích tối thiểu được tách thửa",
        "Diện tích tối thiểu của thửa đất ở sau khi tách thửa tại các phường là 50 mét vuông, chiều rộng mặt tiền không nhỏ hơn 4 mét.", 0);
    public static readonly LegalChunk DecRecord = Chunk(Decision, 7, "Hồ sơ đề nghị tách thửa",
        "Hồ sơ đề nghị tách thửa gồm đơn đề nghị tách thửa đất, hợp thửa đất theo mẫu và bản gốc giấy chứng nhận đã cấp.", 1);
    public static readonly LegalChunk GuideReview = Chunk(Guide, 1, "Thẩm định hồ sơ tách thửa",
        "Cán bộ văn phòng đăng ký đất đai thẩm định hồ sơ tách thửa trong ba ngày làm việc, kiểm tra thực địa khi ranh giới không rõ.", 0);
    public static readonly LegalChunk ReportInspection = Chunk(Report, 1, "Kết quả thanh tra tách thửa",
        "Đoàn thanh tra phát hiện mười hai hồ sơ tách thửa sai quy định tại phường Ngọc Khánh, đề nghị kiểm điểm trách nhiệm cán bộ thẩm định.", 0);

    /// <summary>Each document's chunks with a vector along one of the four axes.</summary>
    public static readonly (DocumentMetadata Document, (LegalChunk Chunk, int Axis)[] Chunks)[] Sources =
    [
        (Law2024, [(L24Split, 0), (L24Purpose, 1), (L24Quota, 2)]),
        (Law2013, [(L13Purpose, 1), (L13Certificate, 3)]),
        (Decision, [(DecMinimum, 0), (DecRecord, 0)]),
        (Guide, [(GuideReview, 0)]),
        (Report, [(ReportInspection, 0)]),
    ];

    public static int ChunkCount => Sources.Sum(s => s.Chunks.Length);

    public static SourceRecord Record(DocumentMetadata d, int chunks) =>
        new("src-" + d.Id, "hash-" + d.Id, d, "markdown", chunks, null, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public static IReadOnlyList<EmbeddedChunk> Embedded((LegalChunk Chunk, int Axis)[] chunks) =>
        chunks.Select(c => new EmbeddedChunk(c.Chunk, StoreTestData.Axis(Dimensions, c.Axis))).ToList();

    public static async Task LoadAsync(IChunkStore store, CancellationToken ct = default)
    {
        await store.EnsureManifestAsync(Manifest, ct);
        foreach (var (document, chunks) in Sources)
            await store.ReplaceSourceAsync(Record(document, chunks.Length), Embedded(chunks), ct);
        await store.CommitAsync(ct);
    }
}
