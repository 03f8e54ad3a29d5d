using System.Text.Json;
using System.Text.Json.Serialization;

namespace DramaGen.Providers;

/// <summary>JSON of the Google and OpenAI wire formats: camelCase, nulls left out.</summary>
internal static class ProviderJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
