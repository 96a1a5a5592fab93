using System.Globalization;
using Assistant.Retrieval.Chunks;

namespace Assistant.Indexer.Archive;

/// <summary>One invented archive document: what its page shows and what is true about it.</summary>
public sealed record SampleDocument(string Kind, string Unit, string Security, SamplePageContent Content, ArchiveTruthFields Truth);

/// <summary>
/// Invents land records in the layouts of Hanoi's archives: certificates (GCN), allocation / recovery / purpose-change
/// decisions, transfer contracts and cadastral extracts. Everything comes from one <see cref="Random"/>, so a seed gives
/// the same documents on every run. Records dated before 1 July 2025 name the old ward and district; later ones the new unit.
/// </summary>
public sealed class SampleDocumentFactory(SampleVocabulary vocabulary)
{
    private static readonly DateOnly Merger = new(2025, 7, 1);
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
    private const string Motto1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    private const string Motto2 = "Độc lập - Tự do - Hạnh phúc";

    public SampleDocument Create(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var kind = Pick(rng, [ArchiveKinds.Certificate, ArchiveKinds.Certificate, ArchiveKinds.Decision, ArchiveKinds.Contract, ArchiveKinds.CadastralExtract]);
        var unit = vocabulary.Units[rng.Next(vocabulary.Units.Count)];
        var date = new DateOnly(2005, 1, 1).AddDays(rng.Next((new DateOnly(2026, 11, 30).DayNumber - new DateOnly(2005, 1, 1).DayNumber) + 1));
        var land = new Land(rng, vocabulary, unit, date);
        return kind switch
        {
            ArchiveKinds.Certificate => Certificate(rng, land),
            ArchiveKinds.Decision => Decision(rng, land),
            ArchiveKinds.Contract => Contract(rng, land),
            _ => Extract(rng, land),
        };
    }

    /// <summary>The parcel, its place and date, shared by every kind.</summary>
    private sealed class Land
    {
        public Land(Random rng, SampleVocabulary v, SampleUnit unit, DateOnly date)
        {
            Unit = unit;
            Date = date;
            Parcel = rng.Next(1, 100) < 70 ? rng.Next(1, 400).ToString(CultureInfo.InvariantCulture) : rng.Next(400, 2500).ToString(CultureInfo.InvariantCulture);
            Sheet = rng.Next(1, 60).ToString(CultureInfo.InvariantCulture);
            bool old = date < Merger;
            string commune = old ? Lower(unit.OldName) : Lower(unit.NewName);
            bool rural = commune.StartsWith("xã", StringComparison.Ordinal);
            string place = rural
                ? $"Thôn {Pick(rng, v.Words("hamlet"))}"
                : rng.Next(2) == 0
                    ? $"Số {rng.Next(1, 200)}, ngõ {rng.Next(1, 300)}, đường {Pick(rng, v.Words("street"))}"
                    : $"Số {rng.Next(1, 400)}, đường {Pick(rng, v.Words("street"))}";
            Address = old ? $"{place}, {commune}, {Lower(unit.OldDistrict)}, thành phố Hà Nội" : $"{place}, {commune}, thành phố Hà Nội";
            Purpose = rural ? Pick(rng, v.Words("purpose").Where(p => !p.Contains("đô thị", StringComparison.Ordinal)).ToList()) : "Đất ở tại đô thị";
            Area = (rng.Next(300, 3000) / 10.0).ToString("0.0", Vi);
            LocalName = Strip(old ? unit.OldDistrict : unit.NewName);
            Authority = "ỦY BAN NHÂN DÂN " + (old ? unit.OldDistrict : unit.NewName).ToUpper(Vi);
            Holders = [Person(rng, v, male: true), .. rng.Next(3) > 0 ? new[] { Person(rng, v, male: false) } : []];
            Official = Person(rng, v, male: rng.Next(2) == 0).Name;
        }

        public SampleUnit Unit { get; }
        public DateOnly Date { get; }
        public string Parcel { get; }
        public string Sheet { get; }
        public string Address { get; }
        public string Purpose { get; }
        public string Area { get; }
        /// <summary>The place name in a dateline ("Cầu Giấy, ngày …"): the old district or the new unit, without its type.</summary>
        public string LocalName { get; }
        /// <summary>"ỦY BAN NHÂN DÂN QUẬN CẦU GIẤY" before the merger, "ỦY BAN NHÂN DÂN PHƯỜNG NGHĨA ĐÔ" after.</summary>
        public string Authority { get; }
        public IReadOnlyList<Holder> Holders { get; }
        public string Official { get; }
        public bool Old => Date < Merger;
        public string Iso => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        public string Dateline(string place) => $"{place}, ngày {Date.Day} tháng {Date.Month} năm {Date.Year}";
    }

    private sealed record Holder(string Name, bool Male, int BirthYear, string IdNumber)
    {
        public string Title => Male ? "Ông" : "Bà";
        public string Line => $"{Title}: {Name}, sinh năm {BirthYear}, CCCD số: {IdNumber}";
    }

    private static Holder Person(Random rng, SampleVocabulary v, bool male)
    {
        var name = $"{Pick(rng, v.Words("surname"))} {Pick(rng, v.Words(male ? "middle_m" : "middle_f"))} {Pick(rng, v.Words(male ? "given_m" : "given_f"))}";
        int year = rng.Next(1945, 2000);
        // Province code 000 belongs to no province: a generated number can never be someone's real one.
        var id = $"000{(male ? 0 : 1)}{year % 100:00}{rng.Next(0, 1_000_000):000000}";
        return new Holder(name, male, year, id);
    }

    private SampleDocument Certificate(Random rng, Land land)
    {
        var serial = land.Old
            ? $"{Letters(rng)} {rng.Next(0, 100_000_000):00000000}"
            : $"{Letters(rng)} {rng.Next(0, 1_000_000):000000}";
        var register = $"{(rng.Next(2) == 0 ? "CS" : "VP")} {rng.Next(1, 100_000):00000}";
        var title = land.Old
            ? "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT"
            : "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT";
        var blocks = new List<PageBlock>
        {
            PageBlock.Full(
                new PageLine(Motto1, LineAlign.Center, Bold: true),
                new PageLine(Motto2, LineAlign.Center),
                PageLine.Blank,
                new PageLine("GIẤY CHỨNG NHẬN", LineAlign.Center, Bold: true, Size: 1.5f),
                new PageLine(title, LineAlign.Center, Bold: true),
                PageLine.Blank,
                new PageLine("I. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất", Bold: true)),
            PageBlock.Full([.. land.Holders.Select(h => new PageLine(h.Line, Indent: 40, HangingIndent: 40))]),
            PageBlock.Full(
                PageLine.Blank,
                new PageLine("II. Thửa đất, nhà ở và tài sản khác gắn liền với đất", Bold: true),
                new PageLine($"a) Thửa đất số: {land.Parcel};", Indent: 40),
                new PageLine($"b) Tờ bản đồ số: {land.Sheet};", Indent: 40),
                new PageLine($"c) Địa chỉ: {land.Address}", Indent: 40, HangingIndent: 40),
                new PageLine($"d) Diện tích: {land.Area} m²", Indent: 40),
                new PageLine("đ) Hình thức sử dụng: Sử dụng riêng", Indent: 40),
                new PageLine($"e) Mục đích sử dụng: {land.Purpose}", Indent: 40),
                new PageLine("g) Thời hạn sử dụng: Lâu dài", Indent: 40),
                new PageLine("h) Nguồn gốc sử dụng: Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất", Indent: 40, HangingIndent: 40),
                PageLine.Blank),
            PageBlock.Columns(
                [PageLine.Blank, PageLine.Blank, new PageLine($"Số vào sổ cấp GCN: {register}")],
                [
                    new PageLine(land.Dateline("Hà Nội"), LineAlign.Center),
                    new PageLine("TM. " + land.Authority, LineAlign.Center, Bold: true),
                    new PageLine("KT. CHỦ TỊCH", LineAlign.Center, Bold: true),
                    new PageLine("PHÓ CHỦ TỊCH", LineAlign.Center, Bold: true),
                    PageLine.Blank, PageLine.Blank,
                    new PageLine(land.Official, LineAlign.Center, Bold: true),
                ]),
            PageBlock.Full(PageLine.Blank, new PageLine(serial, Bold: true, Size: 1.2f, Red: true)),
        };
        var truth = new ArchiveTruthFields
        {
            Parcel = land.Parcel,
            MapSheet = land.Sheet,
            Address = land.Address,
            Serial = serial,
            RegisterNumber = register,
            DocumentDate = land.Iso,
            Issuer = land.Authority,
            HolderNames = [.. land.Holders.Select(h => h.Name)],
            IdNumbers = [.. land.Holders.Select(h => h.IdNumber)],
        };
        return new SampleDocument(ArchiveKinds.Certificate, land.Unit.NewCode, "Confidential", new SamplePageContent(blocks, null, true), truth);
    }

    private SampleDocument Decision(Random rng, Land land)
    {
        var number = $"{rng.Next(1, 10_000)}/QĐ-UBND";
        var holder = land.Holders[0];
        var (subject, article1) = rng.Next(3) switch
        {
            0 => ("Về việc thu hồi đất", $"Điều 1. Thu hồi {land.Area} m² đất của hộ {holder.Title.ToLower(Vi)} {holder.Name} tại thửa đất số {land.Parcel}, tờ bản đồ số {land.Sheet}, địa chỉ: {land.Address}."),
            1 => ("Về việc giao đất", $"Điều 1. Giao {land.Area} m² đất cho {holder.Title.ToLower(Vi)} {holder.Name} tại thửa đất số {land.Parcel}, tờ bản đồ số {land.Sheet}, địa chỉ: {land.Address}."),
            _ => ("Về việc cho phép chuyển mục đích sử dụng đất", $"Điều 1. Cho phép {holder.Title.ToLower(Vi)} {holder.Name} chuyển mục đích sử dụng {land.Area} m² đất tại thửa đất số {land.Parcel}, tờ bản đồ số {land.Sheet}, địa chỉ: {land.Address} sang {land.Purpose.ToLower(Vi)}."),
        };
        var (agency1, agency2) = SplitAuthority(land.Authority);
        var blocks = new List<PageBlock>
        {
            PageBlock.Columns(
                [new PageLine(agency1, LineAlign.Center, Bold: true), new PageLine(agency2, LineAlign.Center, Bold: true), PageLine.Blank, new PageLine($"Số: {number}", LineAlign.Center)],
                [new PageLine(Motto1, LineAlign.Center, Bold: true, Size: 0.85f), new PageLine(Motto2, LineAlign.Center, Bold: true), PageLine.Blank, new PageLine(land.Dateline(land.LocalName), LineAlign.Center)]),
            PageBlock.Full(
                PageLine.Blank,
                new PageLine("QUYẾT ĐỊNH", LineAlign.Center, Bold: true, Size: 1.3f),
                new PageLine(subject, LineAlign.Center, Bold: true),
                PageLine.Blank,
                new PageLine(land.Authority, LineAlign.Center, Bold: true),
                PageLine.Blank,
                new PageLine("Căn cứ Luật Tổ chức chính quyền địa phương;", Indent: 60),
                new PageLine(land.Old ? "Căn cứ Luật Đất đai năm 2013;" : "Căn cứ Luật Đất đai năm 2024;", Indent: 60),
                new PageLine("Xét đề nghị của Phòng Tài nguyên và Môi trường,", Indent: 60),
                PageLine.Blank,
                new PageLine("QUYẾT ĐỊNH:", LineAlign.Center, Bold: true),
                new PageLine(article1, Indent: 60),
                new PageLine("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", Indent: 60),
                new PageLine("Điều 3. Chánh Văn phòng, Trưởng phòng Tài nguyên và Môi trường và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.", Indent: 60),
                PageLine.Blank),
            PageBlock.Columns(
                [new PageLine("Nơi nhận:", Bold: true, Size: 0.85f), new PageLine("- Như Điều 3;", Size: 0.85f), new PageLine("- Lưu: VT.", Size: 0.85f)],
                [new PageLine("TM. ỦY BAN NHÂN DÂN", LineAlign.Center, Bold: true), new PageLine("CHỦ TỊCH", LineAlign.Center, Bold: true), PageLine.Blank, PageLine.Blank, new PageLine(land.Official, LineAlign.Center, Bold: true)]),
        };
        var truth = new ArchiveTruthFields
        {
            Parcel = land.Parcel,
            MapSheet = land.Sheet,
            Address = land.Address,
            DocumentNumber = number,
            DocumentDate = land.Iso,
            Issuer = land.Authority,
            HolderNames = [holder.Name],
        };
        return new SampleDocument(ArchiveKinds.Decision, land.Unit.NewCode, "Internal", new SamplePageContent(blocks, null, true), truth);
    }

    private SampleDocument Contract(Random rng, Land land)
    {
        var office = $"PHÒNG CÔNG CHỨNG SỐ {rng.Next(1, 8)}";
        var issuer = office + " THÀNH PHỐ HÀ NỘI";
        var number = $"{rng.Next(1, 10_000)}/{land.Date.Year}/CCGD";
        var serial = $"{Letters(rng)} {rng.Next(0, 1_000_000):000000}";
        var register = $"CS {rng.Next(1, 100_000):00000}";
        var buyer = Person(rng, vocabulary, male: rng.Next(2) == 0);
        var blocks = new List<PageBlock>
        {
            PageBlock.Columns(
                [new PageLine(office, LineAlign.Center, Bold: true), new PageLine("THÀNH PHỐ HÀ NỘI", LineAlign.Center, Bold: true), PageLine.Blank, new PageLine($"Số công chứng: {number}", LineAlign.Center)],
                [new PageLine(Motto1, LineAlign.Center, Bold: true, Size: 0.85f), new PageLine(Motto2, LineAlign.Center, Bold: true), PageLine.Blank, new PageLine(land.Dateline("Hà Nội"), LineAlign.Center)]),
            PageBlock.Full(
                PageLine.Blank,
                new PageLine("HỢP ĐỒNG CHUYỂN NHƯỢNG QUYỀN SỬ DỤNG ĐẤT", LineAlign.Center, Bold: true, Size: 1.2f),
                PageLine.Blank,
                new PageLine("BÊN CHUYỂN NHƯỢNG (Bên A):", Bold: true)),
            PageBlock.Full([.. land.Holders.Select(h => new PageLine(h.Line, Indent: 40, HangingIndent: 40))]),
            PageBlock.Full(
                new PageLine("BÊN NHẬN CHUYỂN NHƯỢNG (Bên B):", Bold: true),
                new PageLine(buyer.Line, Indent: 40, HangingIndent: 40),
                PageLine.Blank,
                new PageLine("Điều 1. Quyền sử dụng đất chuyển nhượng", Bold: true),
                new PageLine($"Thửa đất số: {land.Parcel}; Tờ bản đồ số: {land.Sheet};", Indent: 40),
                new PageLine($"Địa chỉ thửa đất: {land.Address}", Indent: 40, HangingIndent: 40),
                new PageLine($"Diện tích: {land.Area} m²; Mục đích sử dụng: {land.Purpose}", Indent: 40),
                new PageLine($"Giấy chứng nhận số phát hành: {serial}, số vào sổ cấp GCN: {register}", Indent: 40, HangingIndent: 40),
                new PageLine("Điều 2. Giá chuyển nhượng và phương thức thanh toán", Bold: true),
                new PageLine("Giá chuyển nhượng do hai bên thỏa thuận, thanh toán một lần khi ký hợp đồng.", Indent: 40),
                PageLine.Blank),
            PageBlock.Columns(
                [new PageLine("BÊN A", LineAlign.Center, Bold: true), new PageLine("(Ký, ghi rõ họ tên)", LineAlign.Center, Size: 0.85f)],
                [new PageLine("BÊN B", LineAlign.Center, Bold: true), new PageLine("(Ký, ghi rõ họ tên)", LineAlign.Center, Size: 0.85f)]),
        };
        var truth = new ArchiveTruthFields
        {
            Parcel = land.Parcel,
            MapSheet = land.Sheet,
            Address = land.Address,
            Serial = serial,
            RegisterNumber = register,
            DocumentNumber = number,
            DocumentDate = land.Iso,
            Issuer = issuer,
            HolderNames = [.. land.Holders.Select(h => h.Name), buyer.Name],
            IdNumbers = [.. land.Holders.Select(h => h.IdNumber), buyer.IdNumber],
        };
        return new SampleDocument(ArchiveKinds.Contract, land.Unit.NewCode, "Confidential", new SamplePageContent(blocks, null, false), truth);
    }

    private SampleDocument Extract(Random rng, Land land)
    {
        var number = $"{rng.Next(1, 5_000)}/TL-VPĐK";
        var (agency1, agency2) = land.Old
            ? ("CHI NHÁNH VĂN PHÒNG ĐĂNG KÝ", "ĐẤT ĐAI " + land.Unit.OldDistrict.ToUpper(Vi))
            : ("VĂN PHÒNG ĐĂNG KÝ", "ĐẤT ĐAI HÀ NỘI");
        var holder = land.Holders[0];
        var sketch = Sketch(rng);
        var blocks = new List<PageBlock>
        {
            PageBlock.Columns(
                [new PageLine(agency1, LineAlign.Center, Bold: true), new PageLine(agency2, LineAlign.Center, Bold: true), PageLine.Blank, new PageLine($"Số: {number}", LineAlign.Center)],
                [new PageLine(Motto1, LineAlign.Center, Bold: true, Size: 0.85f), new PageLine(Motto2, LineAlign.Center, Bold: true), PageLine.Blank, new PageLine(land.Dateline("Hà Nội"), LineAlign.Center)]),
            PageBlock.Full(
                PageLine.Blank,
                new PageLine("TRÍCH LỤC BẢN ĐỒ ĐỊA CHÍNH", LineAlign.Center, Bold: true, Size: 1.3f),
                PageLine.Blank,
                new PageLine($"1. Số thứ tự thửa đất: {land.Parcel}; Tờ bản đồ số: {land.Sheet}", Indent: 40),
                new PageLine($"2. Địa chỉ thửa đất: {land.Address}", Indent: 40, HangingIndent: 40),
                new PageLine($"3. Diện tích: {land.Area} m²", Indent: 40),
                new PageLine($"4. Mục đích sử dụng đất: {land.Purpose}", Indent: 40),
                new PageLine($"5. Tên người sử dụng đất: {holder.Title} {holder.Name}", Indent: 40),
                new PageLine("6. Sơ đồ thửa đất:", Indent: 40)),
            PageBlock.Full([.. Enumerable.Repeat(PageLine.Blank, 14)]),
            PageBlock.Columns(
                [new PageLine("NGƯỜI TRÍCH LỤC", LineAlign.Center, Bold: true)],
                [new PageLine("GIÁM ĐỐC", LineAlign.Center, Bold: true), PageLine.Blank, PageLine.Blank, new PageLine(land.Official, LineAlign.Center, Bold: true)]),
        };
        var truth = new ArchiveTruthFields
        {
            Parcel = land.Parcel,
            MapSheet = land.Sheet,
            Address = land.Address,
            DocumentNumber = number,
            DocumentDate = land.Iso,
            Issuer = agency1 + " " + agency2,
            HolderNames = [holder.Name],
        };
        return new SampleDocument(ArchiveKinds.CadastralExtract, land.Unit.NewCode, "Internal", new SamplePageContent(blocks, sketch, true), truth);
    }

    private static PageSketch Sketch(Random rng)
    {
        // A quadrilateral parcel in the sketch area, with edge lengths as a surveyor writes them.
        var points = new List<(float, float)>
        {
            (0.05f + (float)rng.NextDouble() * 0.1f, 0.08f),
            (0.85f + (float)rng.NextDouble() * 0.1f, 0.05f + (float)rng.NextDouble() * 0.1f),
            (0.95f, 0.92f),
            (0.02f, 0.85f + (float)rng.NextDouble() * 0.1f),
        };
        var labels = points.Select(_ => (rng.Next(30, 250) / 10.0).ToString("0.0", Vi)).ToList();
        return new PageSketch(points, labels);
    }

    /// <summary>"ỦY BAN NHÂN DÂN QUẬN CẦU GIẤY" → ("ỦY BAN NHÂN DÂN", "QUẬN CẦU GIẤY"), as the agency block prints it.</summary>
    private static (string, string) SplitAuthority(string authority) => ("ỦY BAN NHÂN DÂN", authority["ỦY BAN NHÂN DÂN ".Length..]);

    private static string Letters(Random rng)
    {
        const string alphabet = "ABCDEGHKLMNPRSTVX";
        return new string([alphabet[rng.Next(alphabet.Length)], alphabet[rng.Next(alphabet.Length)]]);
    }

    private static string Lower(string unitName)
    {
        var space = unitName.IndexOf(' ', StringComparison.Ordinal);
        // "Phường Nghĩa Đô" → "phường Nghĩa Đô"; "Thị trấn Đông Anh" → "thị trấn Đông Anh".
        var type = unitName.StartsWith("Thị trấn", StringComparison.Ordinal) || unitName.StartsWith("Thị xã", StringComparison.Ordinal)
            ? unitName[..unitName.IndexOf(' ', space + 1)] : unitName[..space];
        return type.ToLower(Vi) + unitName[type.Length..];
    }

    private static string Strip(string unitName)
    {
        foreach (var type in new[] { "Thị trấn ", "Thị xã ", "Phường ", "Xã ", "Quận ", "Huyện " })
            if (unitName.StartsWith(type, StringComparison.Ordinal)) return unitName[type.Length..];
        return unitName;
    }

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];
}
