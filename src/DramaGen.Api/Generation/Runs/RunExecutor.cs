using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation.Estimates;
using DramaGen.Generation.Inputs;
using DramaGen.Generation.Media;
using DramaGen.Generation.Planning;
using DramaGen.Generation.State;
using DramaGen.Generation.Subtitles;
using DramaGen.Jobs;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Runs;

/// <summary>
/// Carries one run from its parent job to a final status: has it prepared (<see cref="RunPreparer"/>),
/// schedules it, checkpoints, and sums up. Delivery is at least once per node, but a node whose child job
/// says completed is never run again.
/// </summary>
public sealed class RunExecutor(
    IJobStore jobs,
    DramaRepository dramas,
    DramaStateStore states,
    RunPreparer preparer,
    IRunScheduler scheduler,
    RunCheckpointer checkpointer,
    RunOutcomes outcomes,
    GenerationProviders providers,
    SubtitlePublisher subtitles,
    ShutdownGrace shutdown,
    JobsDirectoryHealth jobsDirectory,
    RunEtas etas,
    IRunMirrors mirrors,
    LatencyEstimates latencies,
    IOptions<GenerationOptions> options,
    IOptions<ServiceOptions> service,
    ILogger<RunExecutor> logger)
{

    /// <param name="deleted">Whether a cancellation means the drama is being deleted (else: service shutdown).</param>
    public async Task ExecuteAsync(string parentJobId, Func<bool> deleted, CancellationToken cancellationToken)
    {
        var parent = jobs.Get(parentJobId);
        if (parent is null || parent.IsFinished)
        {
            return;
        }
        var dramaId = parent.DramaId;
        var settings = RunSettings.FromMetadata(parent.Metadata, service.Value.DefaultUserId, dramaId, options.Value.SchedulerMode);
        var versioned = await dramas.GetAsync(dramaId, cancellationToken);
        if (versioned is null)
        {
            await outcomes.FinishAsync(parent, JobStatus.Failed, "the drama no longer exists");
            return;
        }
        if (VoiceCasting.NeedsCasting(versioned.Drama))
        {
            // Stored before planning, so the voices in the input hashes are the ones the drama shows.
            try
            {
                versioned = await dramas.UpdateAsync(dramaId, drama => { VoiceCasting.Cast(drama, providers.Speech.Voices); }, cancellationToken: cancellationToken);
            }
            catch (DramaNotFoundException)
            {
                await outcomes.FinishAsync(parent, JobStatus.Failed, "the drama no longer exists");
                return;
            }
        }
        if (!DramaGraph.TryBuild(versioned.Drama, out var graph, out var problems, PlanningOptions.From(options.Value)))
        {
            await outcomes.FinishAsync(parent, JobStatus.Failed, "the drama's generation graph is invalid: " + string.Join("; ", problems));
            return;
        }
        using var lease = await states.AcquireAsync(dramaId, cancellationToken);
        var writeback = new DramaWriteback(dramas, dramaId, logger);
        var run = await preparer.PrepareAsync(parent, settings, versioned.Drama, graph, lease.State, writeback, cancellationToken);
        if (run is null)
        {
            await outcomes.FinishAsync(parent, JobStatus.Failed, "the drama no longer has what this run was asked to generate");
            return;
        }
        await outcomes.StartAsync(parent);

        using var stopCheckpoints = new CancellationTokenSource();
        var checkpoints = checkpointer.LoopAsync(run, TimeSpan.FromMilliseconds(options.Value.FlushIntervalMs), stopCheckpoints.Token);
        try
        {
            using (etas.Track(run))
            using (mirrors.Follow(run.ParentJobId))
            {
                await scheduler.RunAsync(run, cancellationToken);
            }
        }
        finally
        {
            // What this run taught about the providers' latencies outlives the process.
            await latencies.SaveAsync(CancellationToken.None);
            await stopCheckpoints.CancelAsync();
            await checkpoints;
            await checkpointer.FlushUntilLandedAsync(run, cancellationToken);
        }
        // Shutdown left nodes unstarted (or cut them short after the grace): the jobs stay as they are.
        if (cancellationToken.IsCancellationRequested || (shutdown.IsStopping && run.Unfinished > 0))
        {
            if (deleted())
            {
                await outcomes.AbandonAsync(run, "cancelled: the drama was deleted");
            }
            // On shutdown the jobs stay as they are: the next start resumes the run.
            return;
        }
        var problem = jobsDirectory.Problem;
        if (problem is not null || run.Unfinished > 0)
        {
            // Job state could not be written, so no node was started any more: the run ends failed, in memory at once
            // and on disk as soon as JOBS_DIR is writable again (JobsDirectoryRecovery).
            await outcomes.AbandonAsync(run, $"job state could not be written to JOBS_DIR: {problem ?? "a write failed"}", JobStatus.Failed);
            return;
        }
        // Timed by the durations just written back; a failure here is logged, the run's media stand.
        try
        {
            await subtitles.PublishAsync(dramaId, settings.UserId, settings.ProjectName,
                nodeId => lease.State.Get(nodeId)?.OutputKey, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Subtitles of drama {DramaId} could not be written", dramaId);
        }
        await outcomes.CompleteAsync(parent);
    }
}
