using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation.Inputs;
using DramaGen.Generation.Media;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Generation.State;
using DramaGen.Jobs;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Distribution;

/// <summary>
/// What a worker needs to execute a node of a run another instance leads: the run's settings, the drama and its graph, and
/// the node state, loaded once per run (a few runs are kept) and brought up to date per node from its dependencies' child
/// jobs (the leader saves the state in batches, the child jobs are the checkpoint). The worker writes nothing of it back:
/// the leader applies the node's outcome from its child job.
/// </summary>
public sealed class RemoteRunViews(IJobStore jobs, DramaRepository dramas, DramaStateStore states, IOptions<GenerationOptions> generation,
    IOptions<ServiceOptions> service, ClusterInstance instance, ILogger<RemoteRunViews> logger)
{
    private const int Kept = 8;
    private readonly LinkedList<(string ParentJobId, Task<View?> View)> _views = new();

    private sealed record View(string DramaId, RunSettings Settings, DramaGraph Graph, DramaLookup Lookup, DramaState State);

    /// <summary>A run of this one node, or null when the run or the node is gone.</summary>
    public async Task<RunContext?> RunOfAsync(string parentJobId, string jobId, string nodeId, bool forced, IReadOnlyList<string> dependencyJobIds,
        CancellationToken cancellationToken)
    {
        if (await ViewOfAsync(parentJobId, cancellationToken) is not { } view || view.Graph.Find(nodeId) is not { } node)
        {
            return null;
        }
        // Never flushed: the leader writes the drama (from the child job), so two instances never race on it.
        var writeback = new DramaWriteback(dramas, view.DramaId, logger);
        // Asked for at once: on PostgreSQL they are read in one statement.
        foreach (var dependency in await Task.WhenAll(dependencyJobIds.Select(dependencyJobId => jobs.GetAsync(dependencyJobId, cancellationToken))))
        {
            if (dependency is { Status: JobStatus.Completed, AssetId: { } dependencyId } && view.Graph.Find(dependencyId) is { } dependencyNode)
            {
                RunPreparer.RestoreState(view.State, writeback, dependencyNode, dependency);
            }
        }
        return new RunContext(parentJobId, view.DramaId, view.Settings, view.Graph, view.Lookup, view.State, writeback,
            new Dictionary<int, string> { [node.Index] = jobId }, new Dictionary<int, NodeOutcome>(), _ => forced, _ => 0)
        {
            ExecutedBy = instance.Name,
        };
    }

    private Task<View?> ViewOfAsync(string parentJobId, CancellationToken cancellationToken)
    {
        lock (_views)
        {
            for (var entry = _views.First; entry is not null; entry = entry.Next)
            {
                if (entry.Value.ParentJobId == parentJobId && !entry.Value.View.IsFaulted && !entry.Value.View.IsCanceled)
                {
                    _views.Remove(entry);
                    _views.AddFirst(entry);
                    return entry.Value.View;
                }
            }
            var loading = LoadAsync(parentJobId, cancellationToken);
            _views.AddFirst((parentJobId, loading));
            while (_views.Count > Kept)
            {
                _views.RemoveLast();
            }
            return loading;
        }
    }

    private async Task<View?> LoadAsync(string parentJobId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (await jobs.GetAsync(parentJobId, cancellationToken) is not { } parent)
        {
            return null;
        }
        var settings = RunSettings.FromMetadata(parent.Metadata, service.Value.DefaultUserId, parent.DramaId, generation.Value.SchedulerMode);
        if (await dramas.GetAsync(parent.DramaId, cancellationToken) is not { } versioned
            || !DramaGraph.TryBuild(versioned.Drama, out var graph, out _, PlanningOptions.From(generation.Value)))
        {
            return null;
        }
        var state = await states.ReadAsync(parent.DramaId, cancellationToken);
        return new View(parent.DramaId, settings, graph, new DramaLookup(versioned.Drama), state);
    }
}
