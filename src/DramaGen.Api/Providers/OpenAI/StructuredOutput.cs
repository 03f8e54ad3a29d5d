using System.Text.Json;
using System.Text.Json.Serialization;

namespace DramaGen.Providers.OpenAI;

/// <summary>
/// Reads a structured output strictly: every property present, none unknown, no nulls where the record has
/// none, and the checks the schema cannot express. Anything else is <see cref="InvalidStructuredOutputException"/>.
/// </summary>
internal static class StructuredOutput
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static T Parse<T>(string json, Func<T, string?> problem) where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(json, Strict);
        }
        catch (JsonException exception)
        {
            throw new InvalidStructuredOutputException($"not the requested JSON: {exception.Message}", exception);
        }
        if (value is null)
        {
            throw new InvalidStructuredOutputException("the answer is JSON null");
        }
        return problem(value) is { } reason ? throw new InvalidStructuredOutputException(reason) : value;
    }

    /// <summary>What is wrong with a drama the model wrote, or null when it is usable.</summary>
    public static string? DramaProblem(DraftDrama drama, int? episodes, int? scenesPerEpisode)
    {
        if (string.IsNullOrWhiteSpace(drama.Title) || drama.Characters.Count == 0 || drama.Episodes.Count == 0)
        {
            return "the drama has no title, no characters or no episodes";
        }
        if (episodes is { } wanted && drama.Episodes.Count != wanted)
        {
            return $"{drama.Episodes.Count} episodes instead of {wanted}";
        }
        if (drama.Episodes.FirstOrDefault(episode => episode.Scenes.Count == 0
                || (scenesPerEpisode is { } scenes && episode.Scenes.Count != scenes)) is { } odd)
        {
            return $"episode '{odd.Title}' has {odd.Scenes.Count} scenes{(scenesPerEpisode is { } n ? $" instead of {n}" : "")}";
        }
        return null;
    }

    public static string? CritiqueProblem(DramaCritique critique) =>
        new[] { critique.Overall, critique.Story, critique.Characters, critique.Pacing, critique.Visuals, critique.Dialogue }.Any(score => score is < 1 or > 10)
            ? "a score is outside 1..10"
            : null;
}

/// <summary>The model answered, but not with a usable document of the requested shape.</summary>
internal sealed class InvalidStructuredOutputException(string message, Exception? inner = null) : Exception(message, inner);
