namespace Assistant.Bot.Tests.Infrastructure;

/// <summary>Paths in the source tree, found from the test's output folder (the repo root holds Assistant.sln).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string BotProject => Path.Combine(Root, "src", "Assistant.Bot");

    public static string WebRoot => Path.Combine(BotProject, "wwwroot");

    public static string WebChatScript => Path.Combine(WebRoot, "webchat", "webchat.js");

    public static string NodeClientDir => Path.Combine(Root, "tests", "Assistant.Bot.Tests", "node");

    public static string Script(string name) => Path.Combine(Root, "scripts", name);

    /// <summary>A folder under the test output for artifacts worth looking at (screenshots, DOM dumps).</summary>
    public static string ArtifactDir(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts", name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Assistant.sln")) && Directory.Exists(Path.Combine(dir.FullName, "src", "Assistant.Bot")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (Assistant.sln) not found above " + AppContext.BaseDirectory);
    }
}
