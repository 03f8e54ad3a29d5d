using DramaGen.Http;
using DramaGen.Configuration;
using DramaGen.Costs;
using DramaGen.Dramas;
using DramaGen.Generation.Planning;
using DramaGen.Generation.State;
using DramaGen.Jobs;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Runs;

/// <summary>
/// The engine's front door: validates a generate request, creates its parent job and queues the run;
/// resumes; cancels a drama's runs before the drama is deleted.
/// </summary>
public sealed class GenerationRuns(
    DramaRepository dramas,
    IJobStore jobs,
    IJobAdmission admission,
    RunQueue queue,
    RunDispatcher dispatcher,
    DramaStateStore states,
    RunPlanner planner,
    RunCostEstimates costs,
    Budgets budgets,
    IOptions<GenerationOptions> options,
    IOptions<ServiceOptions> service,
    TimeProvider clock)
{
    /// <param name="referenceKeys">Stored images sent as extra references of the scope's asset (they force it to run).</param>
    public async Task<RunStart> StartAsync(string dramaId, RunScope scope, GenerateRequest? request = null,
        CancellationToken cancellationToken = default, IReadOnlyList<string>? referenceKeys = null)
    {
        request ??= new GenerateRequest();
        var versioned = await dramas.GetAsync(dramaId, cancellationToken);
        if (versioned is null)
        {
            return RunStart.NotFound($"Drama '{dramaId}' was not found.");
        }
        if (!DramaGraph.TryBuild(versioned.Drama, out var graph, out var problems, PlanningOptions.From(options.Value)))
        {
            return RunStart.Invalid(problems);
        }
        if (ScopeTargets.Resolve(graph, scope) is not { } targets)
        {
            return RunStart.NotFound(Describe(scope) + " was not found in the drama.");
        }
        if (scope.Kind == ScopeKind.Audition && targets.Count == 0)
        {
            await AddAuditionAsync(dramaId, scope.CharacterId!, cancellationToken);
        }
        var settings = new RunSettings(scope, request.Force || referenceKeys is { Count: > 0 }, request.UserId ?? service.Value.DefaultUserId,
            request.ProjectName ?? dramaId, options.Value.SchedulerMode, ReferenceKeys: referenceKeys is { Count: > 0 } ? referenceKeys : null,
            MaxCostUsd: request.MaxCostUsd);
        return await EnqueueAsync(dramaId, ParentAssetId(dramaId, scope), settings, request.RunWhatFits, cancellationToken);
    }

    /// <summary>Runs again what the drama's last run left failed, skipped or unfinished.</summary>
    /// <param name="request">May raise (or set) the run's max_cost_usd and ask to run what fits; the rest is the last run's.</param>
    public async Task<RunStart> ResumeAsync(string dramaId, CancellationToken cancellationToken = default, GenerateRequest? request = null)
    {
        if (await dramas.GetAsync(dramaId, cancellationToken) is null)
        {
            return RunStart.NotFound($"Drama '{dramaId}' was not found.");
        }
        var last = (await jobs.ListByDramaAsync(dramaId, cancellationToken))
            .FirstOrDefault(job => job.JobType == GenerationWorker.DagJobType);
        if (last is null)
        {
            return RunStart.NotFound($"Drama '{dramaId}' has no generation run to resume.");
        }
        if (!last.IsFinished)
        {
            return RunStart.Accepted(last, "The last run is still in progress.");
        }
        var previous = RunSettings.FromMetadata(last.Metadata, service.Value.DefaultUserId, dramaId, options.Value.SchedulerMode);
        var settings = previous with
        {
            Scope = RunScope.Nodes([]), ResumeOf = last.JobId, Mode = options.Value.SchedulerMode, MaxCostUsd = request?.MaxCostUsd ?? previous.MaxCostUsd,
        };
        return await EnqueueAsync(dramaId, dramaId, settings, request?.RunWhatFits ?? false, cancellationToken);
    }

    /// <summary>
    /// Stops every run of the drama and waits until they have stopped; runs queued for it never start; their
    /// jobs end failed/skipped ("cancelled: the drama was deleted"). Call it when deleting a drama, after the
    /// drama itself is gone and before its jobs and assets are deleted: once the drama is gone it also removes
    /// the generation state a stopping run may have saved meanwhile.
    /// </summary>
    public async Task CancelDramaAsync(string dramaId)
    {
        await dispatcher.CancelDramaAsync(dramaId);
        if (await dramas.GetAsync(dramaId) is null)
        {
            await states.DeleteAsync(dramaId);
        }
    }

    /// <summary>Completes when the run has finished, or stopped on shutdown.</summary>
    public Task WhenFinishedAsync(string parentJobId) => dispatcher.WhenFinishedAsync(parentJobId);

    /// <summary>
    /// Admits, writes the parent job and queues the run. One active run per drama: while one runs, another
    /// generate answers 409 naming it (a second run would plan before the first recorded its outputs, and pay twice).
    /// </summary>
    private async Task<RunStart> EnqueueAsync(string dramaId, string assetId, RunSettings settings, bool runWhatFits,
        CancellationToken cancellationToken)
    {
        var estimate = await EstimateAsync(dramaId, settings, cancellationToken);
        if (estimate is not null && !runWhatFits
            && budgets.Left(new BudgetScope(dramaId, settings.UserId, RunMaxUsd: settings.MaxCostUsd)) is { } left
            && (estimate.TotalUsd > left.Usd || !estimate.IsComplete))
        {
            return RunStart.OverBudget(estimate, left);
        }
        var jobId = Ids.NewJobId();
        if (admission.IsShared)
        {
            return await AdmitSharedAsync(dramaId, jobId, assetId, settings, cancellationToken) with { Estimate = estimate };
        }
        if (queue.TryAdmit(dramaId, jobId) is { } running)
        {
            return RunStart.Conflict(running, ConflictDetail(dramaId, running));
        }
        try
        {
            return RunStart.Accepted(await CreateAndQueueAsync(dramaId, jobId, assetId, settings, cancellationToken)) with { Estimate = estimate };
        }
        catch
        {
            queue.Finished(dramaId, jobId);
            throw;
        }
    }

    /// <summary>What the run would cost as planned now (null when the drama or its scope is gone: the run itself says so).</summary>
    private async Task<CostEstimateView?> EstimateAsync(string dramaId, RunSettings settings, CancellationToken cancellationToken)
    {
        if (await dramas.GetAsync(dramaId, cancellationToken) is not { } versioned
            || !DramaGraph.TryBuild(versioned.Drama, out var graph, out _, PlanningOptions.From(options.Value)))
        {
            return null;
        }
        var plan = await planner.PlanAsync(versioned.Drama, graph, await states.ReadAsync(dramaId, cancellationToken), settings, cancellationToken);
        return plan is null ? null : costs.Total(plan, costs.OfNodes(plan));
    }

    /// <summary>
    /// Several instances on one job store: the bound and the drama's one run are decided by the store as it writes the
    /// parent job, and the engine leader, wherever it runs, picks the run up from there.
    /// </summary>
    private async Task<RunStart> AdmitSharedAsync(string dramaId, string jobId, string assetId, RunSettings settings, CancellationToken cancellationToken)
    {
        var rule = new JobAdmissionRule([GenerationWorker.DagJobType], [JobStatus.Pending, JobStatus.Running], options.Value.QueueCapacity, OnePerDrama: true);
        var admitted = await admission.CreateAsync(NewParent(dramaId, jobId, assetId, settings), rule, cancellationToken);
        return admitted switch
        {
            { Created: { } parent } => RunStart.Accepted(parent),
            { ActiveJobId: { } running } => RunStart.Conflict(running, ConflictDetail(dramaId, running)),
            _ => throw RunQueue.Full(options.Value.QueueCapacity),
        };
    }

    private static string ConflictDetail(string dramaId, string running) =>
        $"Drama '{dramaId}' already has a generation run in progress: {running}. Poll it, or retry when it has finished.";

    private JobRecord NewParent(string dramaId, string jobId, string assetId, RunSettings settings) => new()
    {
        JobId = jobId,
        DramaId = dramaId,
        AssetId = assetId,
        JobType = GenerationWorker.DagJobType,
        Status = JobStatus.Pending,
        CreatedAt = clock.GetUtcNow(),
        Metadata = settings.ToMetadata(),
    };

    private async Task<JobRecord> CreateAndQueueAsync(string dramaId, string jobId, string assetId, RunSettings settings, CancellationToken cancellationToken)
    {
        var parent = await jobs.CreateAsync(NewParent(dramaId, jobId, assetId, settings), cancellationToken);
        await queue.EnqueueAsync(parent.JobId, dramaId, cancellationToken);
        return parent;
    }

    /// <summary>Stores a new prompt and/or duration on a scene asset before it is generated; false when it does not exist.</summary>
    public async Task<bool> EditSceneAssetAsync(string dramaId, string episodeId, string sceneId, string assetId, string? prompt, int? duration,
        CancellationToken cancellationToken)
    {
        var found = false;
        try
        {
            await dramas.UpdateAsync(dramaId, drama =>
            {
                var asset = drama.Episodes.FirstOrDefault(e => e?.Id == episodeId)?.Scenes.FirstOrDefault(s => s?.Id == sceneId)
                    ?.Assets.FirstOrDefault(a => a?.Id == assetId);
                if (asset is null)
                {
                    return;
                }
                found = true;
                asset.Prompt = prompt ?? asset.Prompt;
                asset.DurationSeconds = duration ?? asset.DurationSeconds;
            }, cancellationToken: cancellationToken);
        }
        catch (DramaNotFoundException)
        {
            return false;
        }
        return found;
    }

    private async Task AddAuditionAsync(string dramaId, string characterId, CancellationToken cancellationToken) =>
        await dramas.UpdateAsync(dramaId, drama =>
        {
            var character = drama.Characters.FirstOrDefault(c => c?.Id == characterId);
            if (character is null || character.Assets.Any(a => string.Equals(a?.Tag, ScopeTargets.AuditionTag, StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }
            character.Assets ??= [];
            var id = ScopeTargets.AuditionTag;
            for (var n = 2; character.Assets.Any(a => a?.Id == id); n++)
            {
                id = $"{ScopeTargets.AuditionTag}_{n}";
            }
            character.Assets.Add(new DramaAsset
            {
                Id = id,
                Type = AssetTypes.Video,
                Tag = ScopeTargets.AuditionTag,
                Prompt = $"Audition of {character.Name}: {character.Description}".Trim(),
                Status = AssetStatuses.Pending,
            });
        }, cancellationToken: cancellationToken);

    private static string ParentAssetId(string dramaId, RunScope scope) => scope.Kind switch
    {
        ScopeKind.Episode => NodeIds.Episode(scope.EpisodeId!),
        ScopeKind.Character or ScopeKind.Audition => NodeIds.Portrait(scope.CharacterId!),
        ScopeKind.Scene => NodeIds.Storyboard(scope.EpisodeId!, scope.SceneId!),
        ScopeKind.Asset when scope.EpisodeId is not null => NodeIds.SceneAsset(scope.EpisodeId, scope.SceneId!, scope.AssetId!),
        ScopeKind.Asset => NodeIds.CharacterAsset(scope.CharacterId!, scope.AssetId!),
        _ => dramaId,
    };

    private static string Describe(RunScope scope) => scope.Kind switch
    {
        ScopeKind.Episode => $"Episode '{scope.EpisodeId}'",
        ScopeKind.Character or ScopeKind.Audition => $"Character '{scope.CharacterId}'",
        ScopeKind.Scene => $"Scene '{scope.EpisodeId}/{scope.SceneId}'",
        ScopeKind.Asset when scope.EpisodeId is not null => $"Asset '{scope.EpisodeId}/{scope.SceneId}/{scope.AssetId}'",
        ScopeKind.Asset => $"Asset '{scope.CharacterId}/{scope.AssetId}'",
        _ => "The drama",
    };
}
