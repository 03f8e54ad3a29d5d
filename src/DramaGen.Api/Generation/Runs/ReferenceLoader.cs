using DramaGen.Generation.Planning;
using DramaGen.Providers;
using DramaGen.Storage;

namespace DramaGen.Generation.Runs;

/// <summary>
/// The images a node's request carries: a storyboard gets the portraits of its scene's characters, an image
/// asset the images it depends on, a video its first frame (an image asset it names, else its owner's
/// storyboard or portrait). Read from the store by the output keys the node state recorded.
/// </summary>
public sealed class ReferenceLoader(IObjectStore store, ILogger<ReferenceLoader> logger)
{
    public async Task<IReadOnlyList<ReferenceImage>> ReferenceImagesAsync(RunContext run, PlanNode node, CancellationToken cancellationToken)
    {
        var sources = node.Kind == NodeKind.Storyboard
            ? node.DependencyIndexes.Where(index => run.Graph[index].Kind == NodeKind.Portrait)
            : node.DependencyIndexes.Where(index => ProducesImage(run.Graph[index]));
        var images = new List<ReferenceImage>();
        foreach (var index in sources)
        {
            if (await LoadAsync(run, run.Graph[index], cancellationToken) is { } image)
            {
                images.Add(image);
            }
        }
        images.AddRange(await RequestedAsync(run, node, cancellationToken));
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
        var label = source.Kind == NodeKind.Portrait ? run.Lookup.Character(source.CharacterId)?.Name : source.Id;
        return new ReferenceImage(stored.Content, recorded.ContentType ?? stored.ContentType, label);
    }
}
