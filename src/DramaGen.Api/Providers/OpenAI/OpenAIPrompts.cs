using System.Text.Json;
using DramaGen.Dramas;
using OpenAI.Chat;

namespace DramaGen.Providers.OpenAI;

/// <summary>The conversations sent for write, improve and critique.</summary>
internal static class OpenAIPrompts
{
    private const string Writer =
        "You are a screenwriter of vertical short dramas: episodes of one to two minutes, strong hooks, clear conflict, "
        + "few locations. You answer only with JSON that matches the given schema. Every character in a scene's "
        + "'characters' list is the exact 'name' of an entry in the drama's 'characters'. Each scene's 'clipPrompt' "
        + "describes, for a video model, what happens on screen in that scene (who, where, action, camera, mood), "
        + "in one paragraph that names the characters present. Each scene's 'lines' are what is said in it, in order: "
        + "'speaker' is the exact name of a character in that scene's 'characters' or \"narrator\"; 'text' is one short "
        + "spoken line (a sentence or two, no stage directions), in that character's own voice and in the language of "
        + "the premise; 'direction' says how it is said (e.g. \"whispered, afraid\"), or is empty.";

    public static IReadOnlyList<ChatMessage> Write(DramaBrief brief) =>
    [
        new SystemChatMessage(Writer),
        new UserChatMessage(
            $"""
            Write a short drama from this premise:
            {brief.Premise}

            It has exactly {brief.Episodes} episode(s), and every episode has exactly {brief.ScenesPerEpisode} scene(s).
            Visual style: {(string.IsNullOrWhiteSpace(brief.Style) ? "choose one that suits the premise and state it in 'style'" : brief.Style)}.
            Frame: {brief.AspectRatio}.
            Use each character's name exactly the same way everywhere (scenes, synopses, clip prompts, lines).
            Give every scene two to six lines of dialogue or narration, written in the premise's language.
            """),
    ];

    public static IReadOnlyList<ChatMessage> Improve(Drama current, string feedback) =>
    [
        new SystemChatMessage(Writer),
        new UserChatMessage(
            $"""
            Here is the current drama as JSON:
            {JsonSerializer.Serialize(DramaAsDraft.From(current), JsonSerializerOptions.Web)}

            Revise it following this feedback:
            {feedback}

            Keep the exact names of characters and the exact titles of episodes and scenes that still exist after the
            revision (they identify them and their generated media); give new names or titles only to new things.
            Keep the exact text of lines that still fit; their recorded speech is kept.
            Keep the style unless the feedback asks to change it. Answer with the whole revised drama.
            """),
    ];

    public static IReadOnlyList<ChatMessage> Critique(Drama drama) =>
    [
        new SystemChatMessage(
            "You are a demanding story editor of vertical short dramas. You answer only with JSON that matches the "
            + "given schema. Scores are integers from 1 (poor) to 10 (excellent)."),
        new UserChatMessage(
            $"""
            Critique this drama: story, characters, pacing, dialogue (do the lines sound like the people who say them,
            do they move the scene) and how well the scenes will work as short vertical video.
            Give concrete strengths, weaknesses and suggestions that a rewrite could follow.
            {JsonSerializer.Serialize(DramaAsDraft.From(drama), JsonSerializerOptions.Web)}
            """),
    ];
}
