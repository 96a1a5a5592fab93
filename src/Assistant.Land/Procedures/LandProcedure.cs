namespace Assistant.Land.Procedures;

/// <summary>
/// One national land procedure (thủ tục hành chính đất đai) as read from data/procedures. The national frame
/// (name, code, time limits, papers) applies to Hanoi; the source summary was written in Đồng Nai, so its fees are
/// deliberately NOT part of this model — <see cref="FeeNote"/> says where Hanoi's fees come from instead.
/// </summary>
/// <param name="Code">Mã TTHC, e.g. "1.012784".</param>
/// <param name="Name">Official name of the procedure.</param>
/// <param name="ShortName">Short everyday name (from data/procedures/aliases.tsv), e.g. "tách thửa, hợp thửa".</param>
/// <param name="ProcessingTime">Time-limit lines as written in the source (cases, hard-area extensions, notes).</param>
/// <param name="WorkingDays">The time limit when the source states one number for the normal case ("12 ngày làm việc" → 12); null otherwise.</param>
/// <param name="WorkingDaysRange">The time limit when the source states a range for the normal case ("17 - 20 ngày" → (17, 20)); never collapsed to one number.</param>
/// <param name="SubmissionPlaces">Where to file (list markers removed).</param>
/// <param name="Steps">Steps as written in the source (title line followed by its description).</param>
/// <param name="Documents">Papers of the dossier, with their group and whether they are needed only in some cases.</param>
/// <param name="DocumentNotes">Notes under the papers list that are not papers themselves ("*Lưu ý: …").</param>
/// <param name="Agency">Competent / executing / co-operating agencies.</param>
/// <param name="LegalBasis">Legal basis, without the Đồng Nai provincial fee resolutions (NQ-HĐND).</param>
/// <param name="Subjects">Who may use the procedure.</param>
/// <param name="Conditions">Conditions, as written.</param>
public sealed record LandProcedure(
    string Code,
    string Name,
    string ShortName,
    IReadOnlyList<string> ProcessingTime,
    int? WorkingDays,
    (int Min, int Max)? WorkingDaysRange,
    IReadOnlyList<string> SubmissionPlaces,
    IReadOnlyList<string> Steps,
    IReadOnlyList<RequiredDocument> Documents,
    IReadOnlyList<string> DocumentNotes,
    IReadOnlyList<string> Agency,
    IReadOnlyList<string> LegalBasis,
    IReadOnlyList<string> Subjects,
    IReadOnlyList<string> Conditions)
{
    /// <summary>The only thing this model says about fees: the data holds no Hanoi fee, so none may be quoted.</summary>
    public const string HanoiFeeNote =
        "Phí, lệ phí theo Nghị quyết hiện hành của HĐND thành phố Hà Nội; dữ liệu không có mức phí của Hà Nội.";

    /// <inheritdoc cref="HanoiFeeNote"/>
    public string FeeNote => HanoiFeeNote;

    /// <summary>Papers needed in every case (not conditional).</summary>
    public IEnumerable<RequiredDocument> MandatoryDocuments => Documents.Where(d => !d.Conditional);

    /// <summary>Papers needed only in some cases ("Tùy trường hợp", "(nếu có)", "(nếu …)", "trường hợp …").</summary>
    public IEnumerable<RequiredDocument> ConditionalDocuments => Documents.Where(d => d.Conditional);
}

/// <summary>One paper of a dossier.</summary>
/// <param name="Name">The paper as written, list marker removed.</param>
/// <param name="Conditional">True when needed only in some cases: listed under "Tùy trường hợp", or worded "(nếu có)", "(nếu …)", "(đối với …)", "trường hợp …" or "Hoặc …".</param>
/// <param name="Group">Sub-heading it is listed under: <see cref="CommonGroup"/>, <see cref="CaseGroup"/>, another heading, or null.</param>
public sealed record RequiredDocument(string Name, bool Conditional, string? Group)
{
    public const string CommonGroup = "Hồ sơ chung";
    public const string CaseGroup = "Tùy trường hợp";
}
