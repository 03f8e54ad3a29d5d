using System.Text.Json;
using DramaGen.Providers;

namespace DramaGen.Tests.Providers.OpenAI;

/// <summary>Chat completion bodies as the OpenAI API sends them.</summary>
internal static class ChatAnswers
{
    public static readonly DraftDrama Draft = new(
        "The Last Lantern",
        "A keeper's daughter finds a lantern that shows the future.",
        "moody cinematic, teal and amber",
        [new DraftCharacter("Mara", "the keeper's daughter, 17, stubborn"), new DraftCharacter("Tomas", "the harbour master")],
        [
            new DraftEpisode("The Light", "Mara finds the lantern.",
            [
                new DraftScene("Attic", "Mara climbs to the attic.", "lighthouse attic", ["Mara"], "Mara pushes open a dusty hatch."),
                new DraftScene("Vision", "The lantern shows a wreck.", "lamp room", ["Mara", "Tomas"], "Green light floods the room.",
                    [new DraftLine("Mara", "Tomas, the sea is on fire.", "awed"), new DraftLine("narrator", "Nobody believed her.", "")]),
            ]),
        ]);

    public static readonly DramaCritique Critique = new(7, 8, 6, 5, 9, 6, ["strong hook"], ["thin middle"], ["cut scene 2"]);

    public static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    public static object Completion(string content, string finishReason = "stop") => new
    {
        id = "chatcmpl-123",
        @object = "chat.completion",
        created = 1_760_000_000,
        model = "gpt-5",
        choices = new[]
        {
            new { index = 0, message = new { role = "assistant", content, refusal = (string?)null }, finish_reason = finishReason },
        },
        usage = new { prompt_tokens = 10, completion_tokens = 20, total_tokens = 30 },
    };
}
