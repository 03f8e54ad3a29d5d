using System.Text.Json.Nodes;
using DramaGen.Generation.Cuts;
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
    EpisodeCutter cutter)
{
    /// <param name="providerDone">
    /// Called as soon as the provider has answered (or failed): the capacity slot is for provider calls, so
    /// saving the bytes and recording the result must not keep the next call waiting.
    /// </param>
    public async Task<NodeOutcome> ExecuteAsync(RunContext run, int index, CancellationToken cancellationToken, Action? providerDone = null)
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
        // Deferred: a crash that loses "running" leaves "pending", which resumes the same way.
        var started = await UpdateAsync(run, node, jobId, job =>
        {
            job.Status = JobStatus.Running;
            job.StartedAt = clock.GetUtcNow();
            job.Error = null;
            job.Metadata["attempts"] = (job.Metadata["attempts"]?.GetValue<int>() ?? 0) + 1;
        }, write: JobWrite.Deferred);
        if (node.IsAsset || node.Kind == NodeKind.Line)
        {
            run.Writeback.Record(node, JobStatus.Running);
        }
        try
        {
            GeneratedMedia media;
            RenderedCut? cut = null;
            var notes = ProviderNotes.Collect();
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
                        new ImageRequest(input.Prompt, input.AspectRatio, await references.ReferenceImagesAsync(run, node, cancellationToken)),
                        cancellationToken),
                    Capability.Speech => await providers.Speech.SpeakAsync(
                        new SpeechRequest(input.Prompt, input.Voice ?? "", string.IsNullOrEmpty(input.Direction) ? null : input.Direction), cancellationToken),
                    _ => await GenerateVideoAsync(run, node, jobId, input, inputHash, started, cancellationToken),
                };
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
            await UpdateAsync(run, node, jobId, job =>
            {
                job.Status = JobStatus.Completed;
                job.R2Url = saved.PublicUrl;
                job.CompletedAt = clock.GetUtcNow();
                job.Metadata["input_hash"] = inputHash;
                job.Metadata["output_hash"] = outputHash;
                job.Metadata["output_key"] = saved.Key;
                job.Metadata["content_type"] = media.ContentType;
                job.Metadata["provider"] = media.Provider;
                job.Metadata["model"] = media.Model;
                notes.WriteTo(job.Metadata);
                if (duration is not null) job.Metadata["duration_seconds"] = duration;
            }, saved.PublicUrl);
            run.State.Set(node.Id, new NodeState
            {
                InputHash = inputHash, OutputHash = outputHash, OutputKey = saved.Key, Url = saved.PublicUrl,
                ContentType = media.ContentType, JobId = jobId, CompletedAt = clock.GetUtcNow(), OperationId = operationId,
                DurationSeconds = duration,
            });
            run.Writeback.Record(node, JobStatus.Completed, saved.PublicUrl, duration);
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
            await UpdateAsync(run, node, jobId, job => job.Status = JobStatus.Pending, write: JobWrite.Deferred);
            return NodeOutcome.Cancelled;
        }
        catch (Exception e)
        {
            var reason = e switch
            {
                ProviderException => e.Message,
                OperationCanceledException => $"{providers.NameFor(node.Capability)}: the request timed out",
                _ => $"{e.GetType().Name}: {e.Message}",
            };
            if (e is not ProviderException)
            {
                logger.LogError(e, "Node {NodeId} of run {ParentJobId} failed", node.Id, run.ParentJobId);
            }
            await FailAsync(run, node, jobId, reason);
            return NodeOutcome.Failed;
        }
    }

    private Task FailAsync(RunContext run, PlanNode node, string jobId, string reason) =>
        EndAsync(run, node, jobId, JobStatus.Failed, reason);

    public Task SkipAsync(RunContext run, int index, string reason) =>
        EndAsync(run, run.Graph[index], run.JobIdOf(index), JobStatus.Skipped, reason);

    /// <summary>Ends a node without output (failed or skipped): its job says why, an asset's status says what.</summary>
    private async Task EndAsync(RunContext run, PlanNode node, string jobId, JobStatus status, string reason)
    {
        await UpdateAsync(run, node, jobId, job =>
        {
            job.Status = status;
            job.Error = reason;
            job.CompletedAt = clock.GetUtcNow();
            // A failed operation cannot succeed any more: the next attempt creates a new one, never polls this one.
            if (status == JobStatus.Failed && job.Metadata["operation_id"] is { } operation)
            {
                job.Metadata["failed_operation_id"] = operation.DeepClone();
                job.Metadata["operation_id"] = null;
                job.Metadata.Remove("operation_input_hash");
            }
        }, error: reason);
        if (status == JobStatus.Failed)
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
        var request = new VideoRequest(input.Prompt, input.DurationSeconds ?? 0, input.AspectRatio,
            await references.FirstFrameAsync(run, node, cancellationToken), existing,
            async (operationId, token) =>
            {
                // Persisted before the provider starts polling: after a crash the operation is polled, not paid for again.
                await jobs.UpdateAsync(jobId, record =>
                {
                    record.Metadata["operation_id"] = operationId;
                    record.Metadata["operation_input_hash"] = inputHash;
                }, token);
                run.State.SetPendingOperation(node.Id, operationId, inputHash);
            });
        return await providers.Video.GenerateVideoAsync(request, cancellationToken);
    }

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
        var job = await jobs.UpdateAsync(jobId, mutate, write, CancellationToken.None);
        events.Publish(RunEvents.Node(run.ParentJobId, run.DramaId, node.Id, jobId, job.Status, url, error));
        events.Publish(RunEvents.Progress(run.ParentJobId, run.DramaId, JobStatus.Running, jobs.CountChildren(run.ParentJobId)));
        return job;
    }
}
