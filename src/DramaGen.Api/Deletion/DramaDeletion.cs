using DramaGen.Dramas;
using DramaGen.Generation.Runs;
using DramaGen.Generation.State;
using DramaGen.Jobs;
using DramaGen.Storage.Assets;

namespace DramaGen.Deletion;

/// <summary>
/// Deleting a drama removes everything that belongs to it: the document, its runs (stopped first, so none
/// writes anything back), its jobs, and its generated media, including media a generate request filed under
/// another user_id or project_name.
/// </summary>
public sealed class DramaDeletion(DramaRepository repository, GenerationRuns runs, IJobStore jobs, AssetLibrary assets, DramaStateStore states,
    DramaOwners owners)
{
    /// <returns>False when there was no such drama.</returns>
    public async Task<bool> DeleteAsync(string dramaId, string? ifMatch, CancellationToken cancellationToken)
    {
        // The node state names every output, wherever it was filed; it goes with the drama's folder.
        var state = await states.ReadAsync(dramaId, cancellationToken);
        var outputs = state.Nodes.Select(node => node.Value.OutputKey).OfType<string>().ToList();
        var owner = await owners.OwnerOfAsync(dramaId, cancellationToken);
        if (!await repository.DeleteAsync(dramaId, ifMatch, cancellationToken))
        {
            return false;
        }
        await owners.ForgetAsync(dramaId, owner, cancellationToken);
        await runs.CancelDramaAsync(dramaId);
        await jobs.DeleteByDramaAsync(dramaId, cancellationToken);
        await assets.DeleteProjectAsync(null, dramaId, cancellationToken);
        foreach (var key in outputs)
        {
            // {user_id}/{project_name}/assets/{node_id}.{ext}
            if (key.Split('/') is [var userId, var projectName, "assets", var file])
            {
                await assets.DeleteAsync(userId, projectName, Path.GetFileNameWithoutExtension(file), cancellationToken);
            }
        }
        return true;
    }
}
