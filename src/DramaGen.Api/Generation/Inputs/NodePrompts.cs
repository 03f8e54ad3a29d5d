using DramaGen.Configuration;
using DramaGen.Dramas;
using System.Text.Json;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Timeline;

namespace DramaGen.Generation.Inputs;

/// <summary>Turns a node and the drama around it into the request text and settings a provider gets.</summary>
public sealed class NodePrompts(GenerationProviders providers, ServiceOptions service, CutOptions cuts)
{
    public NodeInput InputFor(PlanNode node, DramaLookup drama)
    {
        if (node.Capability == Capability.Speech)
        {
            return SpeechInput(node, drama);
        }
        var style = drama.Drama.Style ?? "";
        var aspectRatio = string.IsNullOrWhiteSpace(drama.Drama.AspectRatio) ? service.DefaultAspectRatio : drama.Drama.AspectRatio;
        var assetType = node.Kind switch
        {
            NodeKind.Portrait or NodeKind.Storyboard or NodeKind.CharacterView or NodeKind.EndFrame or NodeKind.TransitionFrame => AssetTypes.Image,
            NodeKind.Episode => "structure",
            NodeKind.Cut => AssetTypes.Video,
            _ => node.AssetType ?? "",
        };
        var duration = node.Capability == Capability.Video ? node.Asset?.DurationSeconds ?? service.DefaultVideoDuration : (int?)null;
        // The default mode hashes as before (null), so clips made before modes existed stay up to date.
        var mode = node.ClipMode is { } asked && asked != ClipModes.FirstFrame ? asked : null;
        var prompt = node.Kind == NodeKind.Cut ? PlannedTimeline(node, drama, aspectRatio) : PromptFor(node, drama, style);
        return new NodeInput(prompt, style, aspectRatio, assetType, duration,
            providers.NameFor(node.Capability), providers.ModelFor(node.Capability), ClipMode: mode);
    }

    /// <summary>
    /// Speech depends on nothing but what is said, by whom (the voice) and how: the drama's style and frame
    /// shape do not enter it, so restyling the pictures never re-speaks a line.
    /// </summary>
    private NodeInput SpeechInput(PlanNode node, DramaLookup drama)
    {
        var (text, speaker, direction) = node.Line is { } line
            ? (line.Text ?? "", line.Speaker, line.Direction)
            : (node.Asset?.Prompt?.Trim() ?? "", Speakers.Narrator, null);
        var voice = speaker == Speakers.Narrator ? drama.Drama.NarratorVoice : drama.Character(speaker)?.Voice;
        return new NodeInput(text, "", "", AssetTypes.Audio, null, providers.Speech.Name, providers.Speech.Model,
            voice ?? "", direction ?? "");
    }

    /// <summary>The provider name a node uses, "none" for structural nodes.</summary>
    public string ProviderOf(PlanNode node) => providers.NameFor(node.Capability);

    /// <summary>A cut's "prompt" is its timeline as the drama plans it, as JSON: an edit anywhere in the episode changes it.</summary>
    private string PlannedTimeline(PlanNode node, DramaLookup drama, string aspectRatio)
    {
        var episode = (drama.Drama.Episodes ?? []).FirstOrDefault(episode => episode?.Id == node.EpisodeId);
        return episode is null ? "" : JsonSerializer.Serialize(TimelineBuilder.Build(drama.Drama, episode, PlannedScenes.Instance,
            PlannedScenes.Instance, SettingsFor(drama.Drama)));
    }

    /// <summary>The numbers a timeline of this drama is built with.</summary>
    public TimelineSettings SettingsFor(Drama drama) => TimelineSettings.For(cuts,
        string.IsNullOrWhiteSpace(drama.AspectRatio) ? service.DefaultAspectRatio : drama.AspectRatio, service.DefaultVideoDuration);

    private static string PromptFor(PlanNode node, DramaLookup drama, string style)
    {
        var text = node.Kind switch
        {
            NodeKind.Portrait => Portrait(drama.Character(node.CharacterId)),
            NodeKind.Storyboard => Storyboard(drama.Scene(node.EpisodeId, node.SceneId), drama),
            NodeKind.CharacterView => View(drama.Character(node.CharacterId), node.View ?? ""),
            NodeKind.EndFrame => EndFrame(drama.Scene(node.EpisodeId, node.SceneId)),
            NodeKind.TransitionFrame => Transition(drama.Scene(node.EpisodeId, node.SceneId)),
            NodeKind.Episode => "",
            _ => Asset(node, drama),
        };
        return text.Length == 0 || style.Length == 0 ? text : $"{text} Style: {style}.";
    }

    private static string Portrait(Character? character) =>
        character is null ? "" : $"Character portrait of {character.Name}. {character.Description}".Trim();

    private static string View(Character? character, string view) =>
        character is null ? "" : $"Character sheet, {view} view of {character.Name}, same face, hair and clothes as the reference. {character.Description}".Trim();

    private static string EndFrame(Scene? scene) =>
        scene is null ? "" : $"Last frame of the scene \"{scene.Title}\", same place and composition as the reference storyboard. {scene.EndFrame?.Prompt}".Trim();

    private static string Transition(Scene? scene) =>
        scene is null ? "" : string.IsNullOrWhiteSpace(scene.TransitionFrame?.Prompt)
            ? $"Transition frame bridging the scene \"{scene.Title}\" to the next scene shown in the references."
            : scene.TransitionFrame!.Prompt.Trim();

    private static string Storyboard(Scene? scene, DramaLookup drama)
    {
        if (scene is null)
        {
            return "";
        }
        var names = (scene.Characters ?? []).Select(id => drama.Character(id)?.Name).OfType<string>().ToList();
        var cast = names.Count == 0 ? "" : $" Characters: {string.Join(", ", names)}.";
        var location = string.IsNullOrWhiteSpace(scene.Location) ? "" : $" Location: {scene.Location}.";
        return $"Storyboard frame for the scene \"{scene.Title}\". {scene.Description}{location}{cast}".Trim();
    }

    private static string Asset(PlanNode node, DramaLookup drama)
    {
        var prompt = node.Asset?.Prompt;
        if (!string.IsNullOrWhiteSpace(prompt))
        {
            return prompt.Trim();
        }
        // An asset without a prompt still gets a meaningful one from its owner.
        return node.Kind == NodeKind.CharacterAsset
            ? $"{node.Asset?.Tag} of {drama.Character(node.CharacterId)?.Name}: {drama.Character(node.CharacterId)?.Description}".Trim()
            : $"{node.Asset?.Tag} of the scene: {drama.Scene(node.EpisodeId, node.SceneId)?.Description}".Trim();
    }
}
