using System.Text.Json.Nodes;
using DramaGen.Http;
using DramaGen.Dramas;
using DramaGen.Generation.Estimates;
using DramaGen.Generation.Inputs;
using DramaGen.Generation.Media;
using DramaGen.Generation.Planning;
using DramaGen.Generation.State;
using DramaGen.Jobs;
using DramaGen.Providers;

namespace DramaGen.Generation.Runs;

/// <summary>Turns a parent job into a <see cref="RunContext"/>: its plan, its child jobs, and what a previous attempt finished.</summary>
public sealed class RunPreparer(IJobStore jobs, RunPlanner planner, NodePrompts prompts, LatencyEstimates latencies, TimeProvider clock,
    ILogger<RunPreparer> logger)
{
    /// <summary>
    /// Plans the run. A run a crash or shutdown interrupted keeps its child jobs: completed ones give their
    /// outputs back to the node state (the checkpoint), final ones stay final, and a new plan on the restored
    /// state adds whatever is still dirty and has no job yet (children are created in memory and reach their
    /// files with their first lasting transition, so a crash can lose pending ones).
    /// </summary>
    public async Task<RunContext?> PrepareAsync(JobRecord parent, RunSettings settings, Drama drama, DramaGraph graph, DramaState state,
        DramaWriteback writeback, CancellationToken cancellationToken)
    {
        var jobIds = new Dictionary<int, string>();
        var outcomes = new Dictionary<int, NodeOutcome>();
        foreach (var child in jobs.ListChildren(parent.JobId))
        {
            var node = child.AssetId is null ? null : graph.Find(child.AssetId);
            if (node is null)
            {
                if (!child.IsFinished)
                {
                    await jobs.UpdateAsync(child.JobId, job => { job.Status = JobStatus.Skipped; job.Error = "the node is no longer in the drama"; },
                        CancellationToken.None);
                }
                continue;
            }
            jobIds[node.Index] = child.JobId;
            await JobRequeue.RequeueIfRunningAsync(jobs, child);
            outcomes[node.Index] = child.Status switch
            {
                JobStatus.Completed => NodeOutcome.Completed,
                JobStatus.Failed => NodeOutcome.Failed,
                JobStatus.Skipped => NodeOutcome.Skipped,
                _ => NodeOutcome.Pending,
            };
            if (child.Status == JobStatus.Completed)
            {
                RestoreState(state, writeback, node, child);
            }
        }
        if (jobIds.Count > 0)
        {
            logger.LogInformation("Resuming run {ParentJobId} of drama {DramaId}: {Done} of {Total} recorded nodes already final",
                parent.JobId, parent.DramaId, outcomes.Count(pair => pair.Value.IsFinal()), jobIds.Count);
        }
        var plan = await planner.PlanAsync(drama, graph, state, settings, cancellationToken);
        if (plan is null)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var added = plan.Selected.Where(index => !jobIds.ContainsKey(index)).ToList();
        var children = added.Select(index => NewChild(parent, graph[index], plan.Lookup, now)).ToList();
        await jobs.CreateManyAsync(children, JobWrite.Deferred, CancellationToken.None);
        for (var i = 0; i < added.Count; i++)
        {
            jobIds[added[i]] = children[i].JobId;
        }
        await jobs.UpdateAsync(parent.JobId, job =>
        {
            job.Metadata["planned_nodes"] = jobIds.Count;
            job.Metadata["up_to_date_nodes"] = plan.Targets.Count(index => !plan.Verdicts[index].Dirty && !plan.IsForced(index));
        }, CancellationToken.None);
        var run = new RunContext(parent.JobId, parent.DramaId, settings, graph, plan.Lookup, state, writeback, jobIds, outcomes,
            index => settings.Force && (plan.IsForced(index) || outcomes.ContainsKey(index)), latencies.SecondsOf);
        // A run resumed after a crash keeps what its children already billed.
        if (ParentJobView.CostOf(jobs.ListChildren(parent.JobId)) is { } billed)
        {
            run.AddCost(billed);
        }
        foreach (var index in run.FailedOrSkipped())
        {
            var (_, skipped) = run.Finish(index, run.OutcomeOf(index));
            foreach (var descendant in skipped)
            {
                await jobs.UpdateAsync(run.JobIdOf(descendant),
                    job => { job.Status = JobStatus.Skipped; job.Error = $"dependency {graph[index].Id} did not complete"; }, CancellationToken.None);
            }
        }
        return run;
    }

    /// <summary>
    /// State and drama are saved in batches, so a crash can lose what a completed job still knows: put both
    /// back (the drama write is idempotent; the state only when it does not already hold this job's result).
    /// </summary>
    internal static void RestoreState(DramaState state, DramaWriteback writeback, PlanNode node, JobRecord child)
    {
        if (child.R2Url is not null && node.Capability != Capability.None)
        {
            // A clip keeps the mode it was made in and the note of a fallback, wherever and whenever it ran.
            var isClip = node.IsAsset && node.Capability == Capability.Video;
            writeback.Record(node, JobStatus.Completed, child.R2Url, child.Metadata["duration_seconds"]?.GetValue<double>(),
                isClip ? child.Metadata["clip_mode_used"]?.GetValue<string>() : null,
                isClip && child.Metadata[ProviderNotes.MetadataField] is JsonArray notes
                    ? VideoModes.FallbackNoteIn(notes.Select(note => note?.GetValue<string>() ?? ""))
                    : null);
        }
        var metadata = child.Metadata;
        if (state.Get(node.Id)?.JobId == child.JobId || metadata["input_hash"]?.GetValue<string>() is not { } inputHash
            || metadata["output_hash"]?.GetValue<string>() is not { } outputHash)
        {
            return;
        }
        state.Set(node.Id, new NodeState
        {
            InputHash = inputHash,
            OutputHash = outputHash,
            OutputKey = metadata["output_key"]?.GetValue<string>(),
            Url = child.R2Url,
            ContentType = metadata["content_type"]?.GetValue<string>(),
            JobId = child.JobId,
            CompletedAt = child.CompletedAt ?? child.CreatedAt,
            OperationId = metadata["operation_id"]?.GetValue<string>(),
            DurationSeconds = metadata["duration_seconds"]?.GetValue<double>(),
        });
    }

    private JobRecord NewChild(JobRecord parent, PlanNode node, DramaLookup lookup, DateTimeOffset now) => new()
    {
        JobId = Ids.NewJobId(),
        DramaId = parent.DramaId,
        AssetId = node.Id,
        JobType = node.Capability.ToWire(),
        Status = JobStatus.Pending,
        Prompt = node.Capability == Capability.None ? null : prompts.InputFor(node, lookup).Prompt,
        CreatedAt = now,
        ParentJobId = parent.JobId,
        Metadata = new JsonObject
        {
            ["level"] = node.Level,
            ["kind"] = node.Kind.ToWire(),
            ["provider"] = prompts.ProviderOf(node),
            ["attempts"] = 0,
            ["operation_id"] = null,
        },
    };

}
