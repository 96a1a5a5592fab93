using Assistant.Access;
using Assistant.Retrieval.Chunks;
using Assistant.Retrieval.Documents;
using Assistant.Retrieval.Storage;

namespace Assistant.Bot.Tests.Archive;

/// <summary>
/// A small archive indexed from ground truth (the text and fields as the generator prints them, no OCR: Tesseract on
/// every bot test would take minutes; OCR itself is tested in tests/Assistant.Retrieval.Tests/Archive). Invented
/// people and numbers (ID numbers start with province code 000, which no province has). The pages are written into the
/// host's own store (real Lucene files) and a page image into its page folder.
/// </summary>
internal static class ArchiveTestPages
{
    public sealed record Page(string Id, string Unit, SecurityLevel Level, string Kind, string Text, ArchiveRecord Record)
    {
        public string PageId => Id + "#p1";
        public string SourceFile => $"/scans/lo-2026/{Id}.png";

        /// <summary>Every value a reply must not show a citizen: fields, names, ID numbers, ids, file names.</summary>
        public IEnumerable<string> Secrets()
        {
            var r = Record;
            // Not the address: it is a public place name the citizens' unit answers also write.
            foreach (var f in new[] { r.Serial, r.RegisterNumber, r.DocumentNumber })
                if (f is not null) yield return f.Value;
            foreach (var n in r.Personal.HolderNames) yield return n;
            foreach (var n in r.Personal.IdNumbers) yield return n;
            yield return Id;
            yield return r.PageHash[..24];
            yield return Path.GetFileName(SourceFile);
            yield return Path.GetFileName(r.PageImage);
            // Lines of the page text long enough to be its own (not a legal phrase any regulation also has).
            // (not the heading: the certificate's legal name is public).
            foreach (var line in Text.Split('\n').Skip(1).Where(l => l.Length > 40)) yield return line;
        }
    }

    private static Page Make(string id, string unit, SecurityLevel level, string kind, string parcel, string sheet, string address,
        string? serial, string? register, string? docNo, string date, string issuer, string holder, string idNumber)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)));
        var record = new ArchiveRecord
        {
            Kind = kind,
            Unit = unit,
            PageImage = $"{unit}/{hash}.png",
            PageHash = hash,
            Parcel = new ArchiveField(parcel, 0.96f),
            MapSheet = new ArchiveField(sheet, 0.95f),
            Address = new ArchiveField(address, 0.91f),
            Serial = serial is null ? null : new ArchiveField(serial, 0.72f),
            RegisterNumber = register is null ? null : new ArchiveField(register, 0.9f),
            DocumentNumber = docNo is null ? null : new ArchiveField(docNo, 0.93f),
            DocumentDate = new ArchiveField(date, 0.9f),
            Issuer = new ArchiveField(issuer, 0.88f),
            Personal = new ArchivePersonalData { HolderNames = [holder], IdNumbers = [idNumber], Confidence = 0.9f },
        };
        var text = string.Join('\n',
            kind == ArchiveKinds.Certificate ? "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT" : "QUYẾT ĐỊNH VỀ VIỆC GIAO ĐẤT CHO HỘ GIA ĐÌNH CÁ NHÂN",
            $"Người sử dụng đất: Ông/Bà {holder}, CCCD số {idNumber}",
            $"Thửa đất số: {parcel}; Tờ bản đồ số: {sheet}; Địa chỉ thửa đất: {address}",
            serial is null ? $"Số: {docNo} ngày {date}" : $"Số phát hành: {serial}; Số vào sổ cấp GCN: {register}",
            $"Cơ quan cấp: {issuer}");
        return new Page("archive-" + hash[..24], unit, level, kind, text, record);
    }

    /// <summary>Old Phường Nghĩa Đô (Cầu Giấy) went partly into Phường Ngọc Hà (00008): this certificate is filed there.</summary>
    public static readonly Page NgocHaCertificate = Make("ngoc-ha-gcn", "00008", SecurityLevel.Confidential, ArchiveKinds.Certificate,
        "125", "12", "Phường Nghĩa Đô, Quận Cầu Giấy, Hà Nội", "AA 01234567", "CS 01234", null, "2014-03-17", "UBND Quận Cầu Giấy",
        "Trần Thị Bích Ngọc", "000180012345");

    /// <summary>An internal allocation decision of Phường Ba Đình (00004).</summary>
    public static readonly Page BaDinhDecision = Make("ba-dinh-qd", "00004", SecurityLevel.Internal, ArchiveKinds.Decision,
        "45", "7", "Phường Quán Thánh, Quận Ba Đình, Hà Nội", null, null, "1234/QĐ-UBND", "2009-11-02", "UBND Quận Ba Đình",
        "Lê Văn Hùng", "000170054321");

    /// <summary>Same parcel and sheet numbers, in the new Phường Nghĩa Đô (00160): no roster user of the tests has that unit.</summary>
    public static readonly Page NghiaDoCertificate = Make("nghia-do-gcn", "00160", SecurityLevel.Confidential, ArchiveKinds.Certificate,
        "125", "12", "Phường Nghĩa Đô, Hà Nội", "DT 123456", "VP 00123", null, "2025-09-30", "UBND Phường Nghĩa Đô",
        "Phạm Quốc Khánh", "000190067890");

    public static readonly IReadOnlyList<Page> All = [NgocHaCertificate, BaDinhDecision, NghiaDoCertificate];

    /// <summary>Writes every page into <paramref name="store"/> (committed) and its image into <paramref name="pagesFolder"/>.</summary>
    public static async Task IndexAsync(IChunkStore store, string pagesFolder)
    {
        foreach (var page in All)
        {
            var document = new DocumentMetadata
            {
                Id = page.Id,
                Number = page.Record.DocumentNumber?.Value ?? page.Record.Serial?.Value ?? "",
                Type = "Hồ sơ lưu trữ",
                Title = $"Hồ sơ lưu trữ — thửa {page.Record.Parcel!.Value} tờ bản đồ {page.Record.MapSheet!.Value}",
                ShortTitle = "Hồ sơ lưu trữ",
                Security = page.Level,
                Source = page.Record.PageImage,
            };
            var chunk = new LegalChunk
            {
                Id = page.PageId,
                SourceId = page.SourceFile,
                Document = document,
                Citation = $"Hồ sơ lưu trữ (đơn vị {page.Unit}, trang 1)",
                HeadingPath = [document.Title],
                Text = page.Text,
                Page = 1,
                OcrConfidence = 0.9f,
                Archive = page.Record,
            };
            await store.ReplaceSourceAsync(new SourceRecord(page.SourceFile, page.Record.PageHash, document, "ocr", 1, 0.9f, DateTimeOffset.UnixEpoch),
                [new EmbeddedChunk(chunk, null)], CancellationToken.None);
            var image = Path.Combine(pagesFolder, page.Record.PageImage);
            Directory.CreateDirectory(Path.GetDirectoryName(image)!);
            // A valid 1×1 PNG: the endpoint serves bytes, it does not read them.
            await File.WriteAllBytesAsync(image, Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="));
        }
        await store.CommitAsync(CancellationToken.None);
    }
}
