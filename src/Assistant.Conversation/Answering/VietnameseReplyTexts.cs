using System.Text.RegularExpressions;
using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;

namespace Assistant.Conversation.Answering;

/// <summary>The assistant's replies in Vietnamese (vi-VN), the only locale today.</summary>
public sealed partial class VietnameseReplyTexts : IReplyTexts
{
    public string Locale => "vi-VN";

    public string Welcome =>
        "Xin chào! Tôi là trợ lý thủ tục đất đai của Hà Nội. Bạn có thể hỏi về thủ tục (ví dụ: \"tách thửa cần giấy tờ gì\"), " +
        "quy định pháp luật đất đai, hoặc xã/phường cũ nay thuộc đơn vị nào sau sáp nhập 01/7/2025.";

    public IReadOnlyList<string> StarterSuggestions { get; } =
        ["Sang tên sổ đỏ cần giấy tờ gì?", "Tách thửa đất mất bao lâu?", "Phường Dịch Vọng Hậu cũ nay thuộc phường nào?"];

    public string OutOfScope(string oneStopShop) =>
        "Xin lỗi, câu hỏi này nằm ngoài phạm vi tôi hỗ trợ (thủ tục và pháp luật đất đai tại Hà Nội) hoặc tôi chưa đủ căn cứ để trả lời chắc chắn. " +
        $"Bạn vui lòng liên hệ {oneStopShop} để được hướng dẫn.";

    public string Disclaimer =>
        "_Thông tin tham khảo; kết quả giải quyết hồ sơ do cơ quan có thẩm quyền quyết định._";

    public string CitationsHeading => "**Trích dẫn:**";

    public string ProcedureHeading(LandProcedure procedure) =>
        $"**{procedure.ShortName}** — mã thủ tục **{procedure.Code}** (nộp trực tuyến trên Cổng Dịch vụ công quốc gia theo mã này).";

    public string ProcedureOfficialName(LandProcedure procedure) => $"_Tên thủ tục: {procedure.Name}_";

    public string PapersHeading => "**Giấy tờ cần nộp:**";

    public string ConditionalPapersHeading => "*Tùy trường hợp:*";

    public string PapersOfCase(ProcedureVariant variant) =>
        $"Với trường hợp **{variant.Label}**: {string.Join("; ", variant.SpecificPapers)}.";

    public string PapersByCase(IReadOnlyList<ProcedureVariant> variants) =>
        $"Giấy tờ khác nhau theo trường hợp: {string.Join("; ", variants.Select(v => $"{v.Label}: {string.Join(", ", v.SpecificPapers)}"))}.";

    public string ProcessingTimeLabel => "**Thời hạn giải quyết:**";

    public string ProcessingTime(LandProcedure procedure)
    {
        if (procedure.WorkingDays is { } d) return $"{d} ngày làm việc";
        if (procedure.WorkingDaysRange is { } r) return $"{r.Min}–{r.Max} ngày làm việc (tùy trường hợp)";
        return string.Join(" ", procedure.ProcessingTime);
    }

    public string ProcessingTime(LandProcedure procedure, IReadOnlyList<ProcedureTimeLimit> limits)
    {
        // Only a procedure with one row of its own is said from the row; cases (1.013831) keep the catalogue's lines, which name them.
        if (limits is not [{ Cues.Count: 0 } only]) return ProcessingTime(procedure);
        return only.Unit switch
        {
            TimeLimitUnit.SameDay when only.CutOff is { } cut =>
                $"trong ngày làm việc (hồ sơ đủ nhận sau {cut:HH\\:mm} thì trả trong ngày làm việc tiếp theo)",
            TimeLimitUnit.SameDay => "trong ngày làm việc",
            TimeLimitUnit.CalendarDays => $"{only.Limit} ngày (tính cả ngày nghỉ)",
            TimeLimitUnit.WorkingDays => $"{only.Limit} ngày làm việc",
            _ => ProcessingTime(procedure),
        };
    }

    public string ExpiredTimeBasis(TimeLimitBasis basis) =>
        $"ℹ️ Thời hạn trên theo {basis.Instrument}, đã hết hiệu lực từ {basis.ValidTo!.Value.AddDays(1):dd/MM/yyyy}; chờ UBND TP Hà Nội quy định thời hạn mới.";

    public string CardExpiredTime(string time, TimeLimitBasis basis) =>
        $"{time} (căn cứ cũ, hết hiệu lực {basis.ValidTo!.Value.AddDays(1):dd/MM/yyyy})";

    public string SubmissionPlaceLabel => "**Nơi nộp:**";

    /// <summary>The catalogue is a provincial summary: "tỉnh" reads as the city, and the district level no longer exists.</summary>
    public string SubmissionPlace(string place)
    {
        var s = place.Trim().TrimStart('-', ' ');
        s = ListNumber().Replace(s, "");
        return s.Replace("HCC tỉnh", "hành chính công thành phố Hà Nội").Replace("cấp huyện, cấp xã", "cấp xã").Replace("cấp huyện", "cấp xã");
    }

    public string SubmissionPlacesNote =>
        "Từ 01/7/2025 không còn cấp huyện: hồ sơ nộp tại Bộ phận Một cửa của xã/phường nơi có đất hoặc trực tuyến.";

    public string FeesLabel => "**Phí, lệ phí:**";

    public string LegalBasisLabel => "**Căn cứ pháp lý (danh mục thủ tục):**";

    public string CardCodeLabel => "Mã thủ tục";

    public string CardProcessingTimeLabel => "Thời hạn";

    public string CardSubmissionPlaceLabel => "Nơi nộp";

    public string CardSubmissionPlace => "Bộ phận Một cửa UBND xã/phường nơi có đất; Cổng Dịch vụ công quốc gia";

    public string CardFeesLabel => "Phí, lệ phí";

    public string CardFees => "Theo nghị quyết của HĐND TP Hà Nội (chưa có trong dữ liệu)";

    public string CardSubtitle(LandProcedure procedure) => $"Mã {procedure.Code}";

    public IReadOnlyList<string> ProcedureFollowUps { get; } =
        ["Cần những giấy tờ gì?", "Nộp hồ sơ ở đâu?", "Xem căn cứ"];

    public string LeadHeading(LandProcedure procedure) => $"**{procedure.ShortName}** — mã thủ tục **{procedure.Code}**.";

    public string LeadTime(string time) => $"⏱ Thời hạn giải quyết: {time.TrimEnd('.')}.";

    public string LeadPlace => "📍 Nơi nộp: Bộ phận Một cửa UBND xã/phường nơi có đất, hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.";

    public string LeadUnit(OldUnitCandidate candidate) =>
        $"📍 {candidate.Unit.NameWithDistrict} cũ nay thuộc **{candidate.NewUnits[0].Unit.Name}**: nộp hồ sơ tại Bộ phận Một cửa {candidate.NewUnits[0].Unit.Name} hoặc trực tuyến.";

    public string LeadSplitUnit(OldUnitCandidate candidate) =>
        $"📍 {candidate.Unit.NameWithDistrict} cũ nay chia cho {string.Join(" và ", candidate.NewUnits.Select(n => $"**{n.Unit.Name}**"))}.";

    public string LeadSeveralOldUnits => "Có nhiều đơn vị cũ mang tên này:";

    public string AskAddress => "Bạn cho biết số nhà, tên đường (hoặc thôn, xóm) nơi có đất để biết nộp hồ sơ ở Bộ phận Một cửa của xã/phường nào.";

    public string StepsHeading(int count) => $"Trường hợp của bạn cần làm **{count} thủ tục, theo thứ tự**:";

    public string Step(int number, LandProcedure procedure, string time) =>
        $"{number}. **{procedure.ShortName}** — mã **{procedure.Code}** (thời hạn {time.TrimEnd('.')})";

    public string CardPapersHeading => "Giấy tờ cần nộp";

    public string CardConditionalPapers(int count) => $"Tùy trường hợp: thêm {count} loại (hỏi \"Cần những giấy tờ gì?\").";

    public string SeeBasis => "Xem căn cứ";

    public string WhichProcedure => "Tôi chưa chắc bạn hỏi về thủ tục nào. Có thể là:";

    public string SuggestedProcedure(LandProcedure procedure, string time) =>
        $"- **{procedure.ShortName}** — mã thủ tục **{procedure.Code}**: _{ReplyComposer.Shorten(procedure.Name, ReplyComposer.OfficialNameChars)}_ ({time})";

    public string LocalNote(string note) => $"📌 {note}";

    public string ChooseProcedure =>
        "Bạn chọn một thủ tục bên dưới (hoặc kể rõ hơn trường hợp của mình) để xem giấy tờ, thời hạn và nơi nộp.";

    public string WhichProcedureCardTitle => "Bạn đang hỏi về thủ tục nào?";

    public string RelatedProcedures => "**Thủ tục có thể liên quan:**";

    public string RelatedProcedure(LandProcedure procedure) => $"**{procedure.ShortName}** (mã {procedure.Code})";

    public string ProcedureAction(string shortName) => $"Thủ tục {shortName}";

    public string LegalIntroduction => "Các quy định liên quan nhất tới câu hỏi của bạn:";

    public string LegalCardTitle => "Căn cứ pháp lý";

    public IReadOnlyList<string> LegalFollowUps { get; } = ["Thủ tục nào áp dụng cho trường hợp này?", "Nộp hồ sơ ở đâu?"];

    public string UnitPlace(NewUnit unit) =>
        $"📍 Hồ sơ đất đai nộp tại Bộ phận Một cửa {unit.Name} (nơi có đất) hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.";

    public string NewUnitShare(NewUnitShare share) =>
        $"{share.Unit.Name} ({(share.MergeType == MergeType.Full ? "nhập toàn bộ" : "một phần")})";

    public string NewUnitLabel => "Đơn vị mới";

    public string OldUnitShare(OldUnitShare share) =>
        $"{share.Unit.NameWithDistrict} — {(share.MergeType == MergeType.Full ? "toàn bộ" : "một phần")}";

    public string MergerNote =>
        "Lưu ý: theo Quyết định 40/2025/QĐ-UBND, các quy định đất đai tiếp tục áp dụng theo địa giới quận/huyện cũ tại xã/phường mới.";

    public string MergerCardTitle => "Đơn vị hành chính sau sáp nhập (01/7/2025)";

    public string MergerCardSubtitle => "Nghị quyết 1656/NQ-UBTVQH15";

    public string MergerSource => "Nghị quyết 1656/NQ-UBTVQH15 về sắp xếp đơn vị hành chính cấp xã của thành phố Hà Nội năm 2025";

    public IReadOnlyList<string> MergerFollowUps { get; } = ["Sang tên sổ đỏ cần giấy tờ gì?", "Tách thửa đất mất bao lâu?"];

    [GeneratedRegex(@"^\d+\.\s*")]
    private static partial Regex ListNumber();
}
