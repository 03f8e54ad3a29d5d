using System.Text.Json.Nodes;
using DramaGen.Costs;
using DramaGen.Generation.Cuts;
using DramaGen.Generation.Estimates;
using DramaGen.Generation.Events;
using DramaGen.Generation.Inputs;
using DramaGen.Generation.Media;
using DramaGen.Generation.Planning;
using DramaGen.Generation.State;
using DramaGen.Jobs;
using DramaGen.Providers;
using DramaGen.Storage;

namespace DramaGen.Generation.Runs;

/// <summary>
/// Runs one node: checks it is still dirty, calls its provider, saves the bytes, records the result in
/// the child job (the durable checkpoint: written before anything else learns of it), the node state and
/// the drama. Retries are the providers' business; a provider's refusal fails the node with its reason.
/// </summary>
public sealed class NodeExecutor(GenerationProviders providers, NodePrompts prompts, IJobStore jobs, IGeneratedMediaSink sink,
    ReferenceLoader references, IObjectStore store, IRunEventPublisher events, TimeProvider clock, ILogger<NodeExecutor> logger,
    EpisodeCutter cutter, RunCostEstimates estimates, PriceTable prices, Budgets budgets, LatencyEstimates latencies, RunEtas etas)
{
    /// <summary>The job metadata field saying why a node was not run; "budget" when its cost would have crossed a budget.</summary>
    public const string ReasonField = "reason";
    public const string BudgetReason = "budget";

    /// <summary>The job metadata field of the seconds the provider call of a completed node took.</summary>
    public const string CallSecondsField = "call_seconds";

    /// <param name="providerDone">
    /// Called as soon as the provider has answered (or failed): the capacity slot is for provider calls, so
    /// saving the bytes and recording the result must not keep the next call waiting.
    /// </param>
    /// <param name="reservedByLeader">The engine leader reserved the node's estimate (WORK_DISTRIBUTION=hangfire): only its bill is counted here.</param>
    public async Task<NodeOutcome> ExecuteAsync(RunContext run, int index, CancellationToken cancellationToken, Action? providerDone = null,
        bool reservedByLeader = false)
    {
        var node = run.Graph[index];
        var jobId = run.JobIdOf(index);
        var input = prompts.InputFor(node, run.Lookup);
        var inputHash = DirtyAnalysis.InputHashOf(node, run.Graph, run.Lookup, prompts, run.State);
        if (node.Capability == Capability.None)
        {
            var now = clock.GetUtcNow();
            run.State.Set(node.Id, new NodeState
            {
                InputHash = inputHash, OutputHash = InputHasher.StructuralOutput(node.Id), JobId = jobId, CompletedAt = now,
            });
            await UpdateAsync(run, node, jobId, job => { job.Status = JobStatus.Completed; job.StartedAt ??= now; job.CompletedAt = now; });
            return NodeOutcome.Completed;
        }
        if (!run.IsForced(index) && run.State.Get(node.Id) is { } recorded && await IsUpToDateAsync(recorded, inputHash, cancellationToken))
        {
            // Completed, not skipped: its output exists, and a client waiting for completed + failed == total must see the end.
            await UpdateAsync(run, node, jobId, job =>
            {
                var now = clock.GetUtcNow();
                job.Status = JobStatus.Completed;
                job.Error = null;
                job.R2Url = recorded.Url;
                job.Metadata["up_to_date"] = true;
                job.Result = new JsonObject { ["reason"] = "up to date: its dependencies did not change its inputs", ["up_to_date"] = true };
                job.StartedAt ??= now;
                job.CompletedAt = now;
            }, recorded.Url);
            return NodeOutcome.UpToDate;
        }
        // Not submitted when its estimate would cross a budget: it fails with reason "budget" and a resume retries it.
        var estimate = estimates.Of(node, input);
        string? refusal = null;
        var reservation = reservedByLeader ? budgets.Nothing(run.BudgetScope) : budgets.TryReserve(run.BudgetScope, estimate.Usd, out refusal);
        if (reservation is null)
        {
            providerDone?.Invoke();
            // Nothing was submitted, so a video operation of an earlier attempt stays usable: the resume polls it.
            await EndAsync(run, node, jobId, JobStatus.Failed, refusal!, job =>
            {
                job.Metadata[ReasonField] = BudgetReason;
                job.Metadata[JobCosts.EstimateField] = estimate.Usd;
            }, keepOperation: true);
            return NodeOutcome.Failed;
        }
        // What the provider billed, priced once and counted once, whichever way the node ends.
        var usage = ProviderUsage.Collect();
        var bill = new NodeBill(usage, prices, budgets, reservation, run, run.Settings.UserId);
        // Deferred: a crash that loses "running" leaves "pending", which resumes the same way.
        JobRecord started;
        try
        {
            started = await UpdateAsync(run, node, jobId, job =>
            {
                job.Status = JobStatus.Running;
                job.StartedAt = clock.GetUtcNow();
                job.Error = null;
                job.Metadata["attempts"] = (job.Metadata["attempts"]?.GetValue<int>() ?? 0) + 1;
                job.Metadata[JobCosts.EstimateField] = estimate.Usd;
                job.Metadata.Remove(ReasonField);
            }, write: JobWrite.Deferred);
        }
        catch
        {
            bill.Settle(); // nothing was called: the reservation goes back
            throw;
        }
        if (node.IsAsset || node.Kind == NodeKind.Line)
        {
            run.Writeback.Record(node, JobStatus.Running);
        }
        try
        {
            GeneratedMedia media;
            RenderedCut? cut = null;
            var notes = ProviderNotes.Collect();
            var callStarted = clock.GetUtcNow();
            var callTime = TimeSpan.Zero;
            try
            {
                if (node.Kind == NodeKind.Cut)
                {
                    cut = await RenderCutAsync(run, node, cancellationToken);
                }
                media = node.Capability switch
                {
                    Capability.Cut => new GeneratedMedia(cut!.Video, "video/mp4", GenerationProviders.CutRenderer, providers.ModelFor(Capability.Cut)),
                    Capability.Image => await providers.Image.GenerateImageAsync(
                        new ImageRequest(input.Prompt, input.AspectRatio,
                            await references.ReferenceImagesAsync(run, node, providers.Image.MaxReferenceImages, cancellationToken)),
                        cancellationToken),
                    Capability.Speech => await providers.Speech.SpeakAsync(
                        new SpeechRequest(input.Prompt, input.Voice ?? "", string.IsNullOrEmpty(input.Direction) ? null : input.Direction), cancellationToken),
                    _ => await GenerateVideoAsync(run, node, jobId, input, inputHash, started, cancellationToken),
                };
                // Learned from calls that succeeded: a refusal's quick answer says nothing about the next call.
                callTime = clock.GetUtcNow() - callStarted;
                latencies.Record(node, callTime);
            }
            finally
            {
                providerDone?.Invoke();
            }
            var saved = await sink.SaveAsync(new MediaToSave(run.Settings.UserId, run.Settings.ProjectName, node.Id,
                MediaTags.AssetTypeOf(node), MediaTags.TagOf(node), media.Content, media.ContentType, jobId, input.Prompt,
                new Dictionary<string, string> { ["provider"] = media.Provider, ["model"] = media.Model, ["input_hash"] = inputHash }),
                cancellationToken);
            var outputHash = InputHasher.HashOutput(media.Content);
            // Measured, not estimated: subtitles and a later cut are timed by what was really spoken.
            double? duration = node.Capability == Capability.Speech ? Math.Round(WavAudio.DurationOf(media.Content, media.Provider), 3) : null;
            var operationId = media.ProviderJobId ?? started.Metadata["operation_id"]?.GetValue<string>();
            bill.Settle(duration is { } spoken ? new BilledUsage(media.Provider, media.Model, UsageUnits.AudioSeconds, (decimal)spoken) : null);
            await UpdateAsync(run, node, jobId, job =>
            {
                bill.WriteTo(job);
                job.Status = JobStatus.Completed;
                job.R2Url = saved.PublicUrl;
                job.CompletedAt = clock.GetUtcNow();
                job.Metadata["input_hash"] = inputHash;
                job.Metadata["output_hash"] = outputHash;
                job.Metadata["output_key"] = saved.Key;
                job.Metadata["content_type"] = media.ContentType;
                job.Metadata["provider"] = media.Provider;
                job.Metadata["model"] = media.Model;
                // Read by the engine leader when another instance ran the node: it learns the latency too.
                job.Metadata[CallSecondsField] = Math.Round(callTime.TotalSeconds, 3);
                if (node.Capability == Capability.Video)
                {
                    job.Metadata["clip_mode"] = ModeOf(node);
                    job.Metadata["clip_mode_used"] = media.Mode ?? ModeOf(node);
                }
                notes.WriteTo(job.Metadata);
                if (duration is not null) job.Metadata["duration_seconds"] = duration;
            }, saved.PublicUrl);
            run.State.Set(node.Id, new NodeState
            {
                InputHash = inputHash, OutputHash = outputHash, OutputKey = saved.Key, Url = saved.PublicUrl,
                ContentType = media.ContentType, JobId = jobId, CompletedAt = clock.GetUtcNow(), OperationId = operationId,
                DurationSeconds = duration,
            });
            var isClip = node.IsAsset && node.Capability == Capability.Video;
            run.Writeback.Record(node, JobStatus.Completed, saved.PublicUrl, duration, isClip ? media.Mode ?? ModeOf(node) : null,
                isClip ? VideoModes.FallbackNoteIn(notes.Items) : null);
            if (cut is not null)
            {
                run.Writeback.RecordFilm(node.EpisodeId!, await cutter.SaveAsync(run.Settings.UserId, run.Settings.ProjectName, node.Id, jobId,
                    node.EpisodeId!, saved.PublicUrl, cut, isPreview: false, cancellationToken));
            }
            return NodeOutcome.Completed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped, not failed: the job goes back to pending and a resume picks it up (video operation id kept).
            bill.Settle();
            await UpdateAsync(run, node, jobId, job => { job.Status = JobStatus.Pending; bill.WriteTo(job); }, write: JobWrite.Deferred);
            return NodeOutcome.Cancelled;
        }
        catch (Exception e)
        {
            var reason = e switch
            {
                ProviderException => e.Message,
                StorageUnavailableException => $"storage ({store.Kind}): {e.Message}",
                OperationCanceledException => $"{providers.NameFor(node.Capability)}: the request timed out",
                _ => $"{e.GetType().Name}: {e.Message}",
            };
            if (e is not ProviderException)
            {
                logger.LogError(e, "Node {NodeId} of run {ParentJobId} failed", node.Id, run.ParentJobId);
            }
            bill.Settle();
            await EndAsync(run, node, jobId, JobStatus.Failed, reason, bill.WriteTo,
                keepOperation: e is ProviderException { OperationMayFinish: true });
            return NodeOutcome.Failed;
        }
    }

    public Task SkipAsync(RunContext run, int index, string reason) =>
        EndAsync(run, run.Graph[index], run.JobIdOf(index), JobStatus.Skipped, reason);

    /// <summary>Ends a node without output (failed or skipped): its job says why, an asset's status says what.</summary>
    /// <param name="keepOperation">The provider's operation has not ended (polling gave up, or the node was never
    /// submitted this time): the next attempt polls it.</param>
    private async Task EndAsync(RunContext run, PlanNode node, string jobId, JobStatus status, string reason, Action<JobRecord>? also = null,
        bool keepOperation = false)
    {
        await UpdateAsync(run, node, jobId, job =>
        {
            also?.Invoke(job);
            job.Status = status;
            job.Error = reason;
            job.CompletedAt = clock.GetUtcNow();
            // A failed operation cannot succeed any more: the next attempt creates a new one, never polls this one.
            if (status == JobStatus.Failed && !keepOperation && job.Metadata["operation_id"] is { } operation)
            {
                job.Metadata["failed_operation_id"] = operation.DeepClone();
                job.Metadata["operation_id"] = null;
                job.Metadata.Remove("operation_input_hash");
            }
        }, error: reason);
        if (status == JobStatus.Failed && !keepOperation)
        {
            run.State.ClearPendingOperation(node.Id);
        }
        if (node.IsAsset)
        {
            run.Writeback.Record(node, status);
        }
    }

    private async Task<GeneratedMedia> GenerateVideoAsync(RunContext run, PlanNode node, string jobId, NodeInput input, string inputHash,
        JobRecord job, CancellationToken cancellationToken)
    {
        // An operation is reused only for the inputs it was submitted with (a job file without them predates the check).
        var existing = job.Metadata["operation_input_hash"]?.GetValue<string>() is { } submittedFor && submittedFor != inputHash
            ? null
            : job.Metadata["operation_id"]?.GetValue<string>() ?? run.State.PendingOperation(node.Id, inputHash);
        var mode = ModeOf(node);
        var request = new VideoRequest(input.Prompt, input.DurationSeconds ?? 0, input.AspectRatio,
            mode == VideoModes.Text ? null : await references.FirstFrameAsync(run, node, cancellationToken), existing,
            async (operationId, token) =>
            {
                // Persisted before the provider starts polling: after a crash the operation is polled, not paid for again.
                await jobs.UpdateAsync(jobId, record =>
                {
                    record.Metadata["operation_id"] = operationId;
                    record.Metadata["operation_input_hash"] = inputHash;
                }, token);
                run.State.SetPendingOperation(node.Id, operationId, inputHash);
            },
            mode,
            mode == VideoModes.FirstLast ? await references.LastFrameAsync(run, node, cancellationToken) : null,
            mode == VideoModes.Reference ? await references.SheetImagesAsync(run, node, providers.Video.MaxReferenceImages, cancellationToken) : null);
        return await providers.Video.GenerateVideoAsync(request, cancellationToken);
    }

    /// <summary>A video asset's mode from the drama; videos asked for before modes existed start from their first frame.</summary>
    private static string ModeOf(PlanNode node) => node.ClipMode ?? VideoModes.FirstFrame;

    private async Task<RenderedCut> RenderCutAsync(RunContext run, PlanNode node, CancellationToken cancellationToken)
    {
        var episode = run.Lookup.Drama.Episodes.First(episode => episode?.Id == node.EpisodeId);
        return await cutter.RenderAsync(cutter.TimelineOf(run.Lookup.Drama, episode, run.State), cancellationToken);
    }

    private async Task<bool> IsUpToDateAsync(NodeState recorded, string inputHash, CancellationToken cancellationToken) =>
        recorded is { OutputKey: { } key } && recorded.InputHash == inputHash && await store.HeadAsync(key, cancellationToken) is not null;

    /// <summary>Job writes are not cancelled with the run: a half-recorded transition is worse than a late one.</summary>
    private async Task<JobRecord> UpdateAsync(RunContext run, PlanNode node, string jobId, Action<JobRecord> mutate, string? url = null,
        string? error = null, JobWrite write = JobWrite.Durable)
    {
        var job = await jobs.UpdateAsync(jobId, run.ExecutedBy is not { } executedBy ? mutate : record =>
        {
            record.Metadata[Distribution.ClusterInstance.Field] = executedBy;
            mutate(record);
        }, write, CancellationToken.None);
        events.Publish(RunEvents.Node(run.ParentJobId, run.DramaId, node.Id, jobId, job.Status, url, error));
        // The ETA first: counted last, the counts are published as fresh as before (a slow count would reorder them). It is
        // taken even when no progress event follows: on the leader it also refreshes the ETA that polls show.
        var eta = etas.EtaSeconds(run.ParentJobId);
        if (!events.KeepsEventsOf(run.ParentJobId))
        {
            // Nobody streams the run from here (an instance that only executes its nodes): the counts would be read for nothing.
            events.CountsChanged(run.ParentJobId);
            return job;
        }
        events.Publish(RunEvents.Progress(run.ParentJobId, run.DramaId, JobStatus.Running, await jobs.CountChildrenAsync(run.ParentJobId), run.CostUsd, eta));
        return job;
    }
}
