using Assistant.Land.AdminUnits;
using Assistant.Land.Calendar;
using Assistant.Land.Priority;
using Assistant.Land.Procedures;
using Microsoft.Extensions.Options;

namespace Assistant.Land;

/// <summary>
/// Where one land data set lives: a folder of data files, bound from "Land:{data set}:Path". Left empty, the composition
/// (<see cref="LandServiceCollectionExtensions.AddLandDomain"/>) points it at the copy beside the program.
/// </summary>
public abstract class LandDataSetOptions
{
    public string Path { get; set; } = "";

    /// <summary>The files the folder must hold for the data set to load (checked on start).</summary>
    internal abstract IReadOnlyList<string> RequiredFiles { get; }

    /// <summary>What the data set is, in the Vietnamese start-up error.</summary>
    internal abstract string Description { get; }

    /// <summary>The folder under data/ beside the program that holds the bundled copy.</summary>
    internal abstract string BundledFolder { get; }
}

/// <summary>The procedure catalogue's folder (section "Land:Procedures"): the summary JSON and its TSV vocabularies.</summary>
public sealed class ProcedureDataOptions : LandDataSetOptions
{
    public const string Section = "Land:Procedures";

    internal override IReadOnlyList<string> RequiredFiles => [ProcedureCatalog.ProceduresFile, ProcedureCatalog.AliasesFile, ProcedureCatalog.TimeLimitsFile];
    internal override string Description => "dữ liệu thủ tục";
    internal override string BundledFolder => "procedures";
}

/// <summary>The administrative units' folder (section "Land:AdminUnits"): old and new units and the mapping between them.</summary>
public sealed class AdminUnitDataOptions : LandDataSetOptions
{
    public const string Section = "Land:AdminUnits";

    // The unit loader names its own missing or inconsistent CSV files, in Vietnamese, when the registry is built.
    internal override IReadOnlyList<string> RequiredFiles => [];
    internal override string Description => "dữ liệu đơn vị hành chính";
    internal override string BundledFolder => "admin-units";
}

/// <summary>The working calendar's folder (section "Land:Calendar"), holding <see cref="WorkingCalendar.FileName"/>.</summary>
public sealed class CalendarDataOptions : LandDataSetOptions
{
    public const string Section = "Land:Calendar";

    public string FilePath => System.IO.Path.Combine(Path, WorkingCalendar.FileName);

    internal override IReadOnlyList<string> RequiredFiles => [WorkingCalendar.FileName];
    internal override string Description => "lịch ngày nghỉ";
    internal override string BundledFolder => "calendar";
}

/// <summary>The priority projects' folder (section "Land:PriorityProjects"), holding <see cref="PriorityProjectRegistry.FileName"/>.</summary>
public sealed class PriorityProjectDataOptions : LandDataSetOptions
{
    public const string Section = "Land:PriorityProjects";

    public string FilePath => System.IO.Path.Combine(Path, PriorityProjectRegistry.FileName);

    internal override IReadOnlyList<string> RequiredFiles => [PriorityProjectRegistry.FileName];
    internal override string Description => "danh mục dự án ưu tiên";
    internal override string BundledFolder => "priority-projects";
}

/// <summary>
/// Checks on start that a data set's folder and its required files exist, so that a wrong path stops the host with a
/// Vietnamese message naming the setting instead of failing at the first question that needs the data.
/// </summary>
internal sealed class LandDataSetValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : LandDataSetOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (!Directory.Exists(options.Path))
            return ValidateOptionsResult.Fail($"{section}:Path phải là thư mục {options.Description}; không tìm thấy thư mục '{options.Path}'.");
        var missing = options.RequiredFiles.Where(f => !File.Exists(System.IO.Path.Combine(options.Path, f))).ToList();
        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{section}:Path: thư mục {options.Description} '{options.Path}' thiếu tệp {string.Join(", ", missing)}.");
    }
}
