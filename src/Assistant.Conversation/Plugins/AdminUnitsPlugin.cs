using System.ComponentModel;
using Assistant.Land.AdminUnits;
using Microsoft.SemanticKernel;

namespace Assistant.Conversation.Plugins;

/// <summary>
/// Semantic Kernel plugin over Hanoi's communes and wards before and after the 1 July 2025 merger. The results are
/// data; their Vietnamese answer is <see cref="AdminUnitMessages"/>' (rendered with <c>AdminUnitMessages.Render</c>).
/// </summary>
public sealed class AdminUnitsPlugin(AdminUnitRegistry registry)
{
    public const string Name = "admin_units";

    [KernelFunction("find_unit_in_text")]
    [Description("Tìm tên xã/phường (cũ hoặc mới) và quận/huyện cũ được nhắc tới trong câu hỏi.")]
    public AdminUnitTextMatch? FindInText([Description("Câu hỏi")] string text) => registry.FindInText(text);

    [KernelFunction("resolve_old_unit")]
    [Description("Xã/phường cũ (trước 01/7/2025) nay thuộc xã/phường mới nào; nêu quận/huyện cũ nếu biết.")]
    public OldUnitResolution ResolveOld([Description("Tên xã/phường cũ")] string name, [Description("Quận/huyện cũ, có thể bỏ trống")] string? district = null) =>
        registry.ResolveOld(name, district);

    [KernelFunction("resolve_new_unit")]
    [Description("Xã/phường mới (từ 01/7/2025) gồm những xã/phường cũ nào.")]
    public NewUnitResolution ResolveNew([Description("Tên xã/phường mới")] string name) => registry.ResolveNew(name);
}
