using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation.Planning;

namespace DramaGen.Generation.Inputs;

/// <summary>Turns a node and the drama around it into the request text and settings a provider gets.</summary>
public sealed class NodePrompts(GenerationProviders providers, ServiceOptions service)
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
            _ => node.AssetType ?? "",
        };
        var duration = node.Capability == Capability.Video ? node.Asset?.DurationSeconds ?? service.DefaultVideoDuration : (int?)null;
        // The default mode hashes as before (null), so clips made before modes existed stay up to date.
        var mode = node.ClipMode is { } asked && asked != ClipModes.FirstFrame ? asked : null;
        return new NodeInput(PromptFor(node, drama, style), style, aspectRatio, assetType, duration,
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
        scene is null ? "" : string.IsNullOrWhiteSpace(scene.Transition?.Prompt)
            ? $"Transition frame bridging the scene \"{scene.Title}\" to the next scene shown in the references."
            : scene.Transition!.Prompt.Trim();

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
