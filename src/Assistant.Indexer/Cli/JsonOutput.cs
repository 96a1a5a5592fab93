using System.Text.Encodings.Web;
using System.Text.Json;

namespace Assistant.Indexer.Cli;

internal static class JsonOutput
{
    /// <summary>Vietnamese stays readable in JSON output (no \u escapes).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };
}
