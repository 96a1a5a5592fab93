namespace Assistant.Triage.Tests;

internal static class TestPaths
{
    public static string Root { get; } = FindRoot();

    public static string Training => Path.Combine(Root, "data", "triage", "training.jsonl");

    public static string Dev => Path.Combine(Root, "eval", "dossiers-dev.jsonl");

    public static string WebRoot => Path.Combine(Root, "src", "Assistant.Bot", "wwwroot");

    /// <summary>A data set folder of the repository (data/procedures, data/admin-units, …).</summary>
    public static string Data(string folder) => Path.Combine(Root, "data", folder);


    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "triage-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Assistant.sln"))) return dir.FullName;
        throw new InvalidOperationException("Assistant.sln not found above " + AppContext.BaseDirectory);
    }
}
