using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assistant.Bench;

/// <summary>The options the store serialises chunks with (MetadataResolver.Json is internal to the core: same settings).</summary>
public static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };
}
