using System.ComponentModel;
using Assistant.Land.Procedures;
using Microsoft.SemanticKernel;

namespace Assistant.Conversation.Plugins;

/// <summary>
/// Semantic Kernel plugin over the land-procedure catalogue, for a model to call. Hosts call <see cref="ProcedureMatcher"/>
/// and <see cref="ProcedureCatalog"/> themselves.
/// </summary>
public sealed class ProcedureCatalogPlugin(ProcedureCatalog catalog, ProcedureMatcher matcher)
{
    public const string Name = "procedures";

    [KernelFunction("find_procedure")]
    [Description("Tìm thủ tục hành chính đất đai phù hợp với câu hỏi (có hoặc không dấu, từ ngữ đời thường như 'sang tên sổ đỏ').")]
    public MatchResult Find([Description("Câu hỏi của người dân hoặc mô tả hồ sơ")] string question) => matcher.Match(question);

    [KernelFunction("get_procedure")]
    [Description("Lấy thông tin thủ tục theo mã TTHC, ví dụ 1.012784: giấy tờ, thời hạn, nơi nộp, căn cứ pháp lý.")]
    public LandProcedure? Get([Description("Mã thủ tục, ví dụ 1.012784")] string code) => catalog.Find(code);
}
