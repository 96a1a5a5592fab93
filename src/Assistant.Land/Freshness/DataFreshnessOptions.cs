namespace Assistant.Land.Freshness;

/// <summary>
/// Where the host reads the data files' review dates on start (section "Land:Freshness"). Left empty, the composition
/// (AddLandDomain) points it at the data/ folder copied beside the program.
/// </summary>
public sealed class DataFreshnessOptions
{
    public const string Section = "Land:Freshness";

    /// <summary>The data folder whose dated files are checked (recursively).</summary>
    public string DataPath { get; set; } = "";
}
