using DramaGen.Generation.Planning;
using DramaGen.Providers;
using DramaGen.Storage;

namespace DramaGen.Generation.Runs;

/// <summary>
/// The images a node's request carries: an image node gets the images it depends on (a storyboard its characters'
/// sheets, a view the portrait, an end frame the storyboard and the sheets), the most useful first and no more than
/// the provider takes; a video its first frame (an image asset it names, else the frame the planner chose, else its
/// owner's storyboard or portrait), a first_last clip its end frame, a reference clip its characters' sheets.
/// Read from the store by the output keys the node state recorded.
/// </summary>
public sealed class ReferenceLoader(IObjectStore store, ILogger<ReferenceLoader> logger)
{
    public async Task<IReadOnlyList<ReferenceImage>> ReferenceImagesAsync(RunContext run, PlanNode node, int max,
        CancellationToken cancellationToken)
    {
        // The client's own references always go; the node's fill the room that is left.
        var requested = await RequestedAsync(run, node, cancellationToken);
        var images = await LoadUpToAsync(run, node, ProducesImage, Math.Max(0, max - requested.Count), cancellationToken);
        images.AddRange(requested);
        return images;
    }

    /// <summary>A reference clip's images: the portraits and views of its scene's characters, up to <paramref name="max"/>.</summary>
    public Task<List<ReferenceImage>> SheetImagesAsync(RunContext run, PlanNode node, int max, CancellationToken cancellationToken) =>
        LoadUpToAsync(run, node, dependency => dependency.Kind is NodeKind.Portrait or NodeKind.CharacterView, max, cancellationToken);

    /// <summary>A first_last clip's end frame.</summary>
    public async Task<ReferenceImage?> LastFrameAsync(RunContext run, PlanNode node, CancellationToken cancellationToken) =>
        node.LastFrameIndex is { } index ? await LoadAsync(run, run.Graph[index], cancellationToken) : null;

    /// <summary>Frames first (they carry the composition), then portraits, then views; a cut is said in the job.</summary>
    private async Task<List<ReferenceImage>> LoadUpToAsync(RunContext run, PlanNode node, Func<PlanNode, bool> eligible, int max,
        CancellationToken cancellationToken)
    {
        var sources = node.DependencyIndexes.Select(index => run.Graph[index]).Where(eligible)
            .OrderBy(source => source.Kind switch { NodeKind.Portrait => 1, NodeKind.CharacterView => 2, _ => 0 }).ToList();
        var images = new List<ReferenceImage>();
        foreach (var source in sources)
        {
            if (images.Count == max)
            {
                ProviderNotes.Add($"{sources.Count} reference images, sent the first {max} (the provider's limit): "
                    + $"left out {string.Join(", ", sources.Skip(sources.IndexOf(source)).Select(left => left.Id))}");
                break;
            }
            if (await LoadAsync(run, source, cancellationToken) is { } image)
            {
                images.Add(image);
            }
        }
        return images;
    }

    /// <summary>The images the generate body named (reference_images) for the asset it targets; none for other nodes.</summary>
    private async Task<IReadOnlyList<ReferenceImage>> RequestedAsync(RunContext run, PlanNode node, CancellationToken cancellationToken)
    {
        if (run.Settings.ReferenceKeys is not { Count: > 0 } keys || run.Settings.Scope.Kind != ScopeKind.Asset
            || ScopeTargets.Resolve(run.Graph, run.Settings.Scope) is not { } targets || !targets.Any(index => run.Graph[index].Id == node.Id))
        {
            return [];
        }
        var images = new List<ReferenceImage>();
        foreach (var key in keys)
        {
            if (await store.GetAsync(key, cancellationToken) is { } stored)
            {
                images.Add(new ReferenceImage(stored.Content, stored.ContentType, key));
            }
            else
            {
                logger.LogWarning("Requested reference {Key} of node {NodeId} is missing; generating without it", key, node.Id);
            }
        }
        return images;
    }

    /// <summary>A requested reference (reference_images) wins: the client chose the frame the video starts from.</summary>
    public async Task<ReferenceImage?> FirstFrameAsync(RunContext run, PlanNode node, CancellationToken cancellationToken)
    {
        if ((await RequestedAsync(run, node, cancellationToken)).FirstOrDefault() is { } requested)
        {
            return requested;
        }
        var dependencies = node.DependencyIndexes.Select(index => run.Graph[index]).ToList();
        var source = dependencies.FirstOrDefault(dependency => dependency.IsAsset && dependency.Capability == Capability.Image)
            ?? (node.FirstFrameIndex is { } chosen ? run.Graph[chosen] : null)
            ?? dependencies.FirstOrDefault(dependency => dependency.Kind is NodeKind.Storyboard or NodeKind.Portrait
                && (dependency.Kind == NodeKind.Storyboard) == (node.Kind == NodeKind.SceneAsset))
            ?? dependencies.FirstOrDefault(ProducesImage);
        return source is null ? null : await LoadAsync(run, source, cancellationToken);
    }

    private static bool ProducesImage(PlanNode node) => node.Capability == Capability.Image;

    private async Task<ReferenceImage?> LoadAsync(RunContext run, PlanNode source, CancellationToken cancellationToken)
    {
        var recorded = run.State.Get(source.Id);
        if (recorded?.OutputKey is null)
        {
            return null;
        }
        var stored = await store.GetAsync(recorded.OutputKey, cancellationToken);
        if (stored is null)
        {
            logger.LogWarning("Reference {Key} of node {NodeId} is missing; generating without it", recorded.OutputKey, source.Id);
            return null;
        }
        var label = source.Kind is NodeKind.Portrait or NodeKind.CharacterView ? run.Lookup.Character(source.CharacterId)?.Name : source.Id;
        return new ReferenceImage(stored.Content, recorded.ContentType ?? stored.ContentType, label);
    }
}
