using System.Text.Json;
using System.Text.Json.Nodes;
using DramaGen.Configuration;
using DramaGen.Costs;
using DramaGen.Dramas;
using DramaGen.Jobs;
using DramaGen.Pacing;
using DramaGen.Providers;
using Microsoft.Extensions.Options;

namespace DramaGen.Authoring;

/// <summary>
/// Runs writing, improving and critiquing jobs in the background. Each job ends completed (its result
/// names the drama or holds the critique) or failed with a reason a client can act on.
/// </summary>
public sealed class AuthoringWorker(
    DramaAuthoring authoring, IJobStore jobs, ITextProvider text, DramaRepository repository, DramaValidator validator,
    IOptions<ServiceOptions> service, CapacityPools pools, PriceTable prices, Budgets budgets, TimeProvider clock, CrashPoints crashPoints,
    IEngineLeadership leadership, SharedJobFeed feed, ILogger<AuthoringWorker> logger)
    : BackgroundService
{
    // The jobs this instance has queued (start-up recovery, or picked up from a shared job store) or is running, until
    // they end: a re-scan or a second NOTIFY finds them here and does not queue them again, so each runs once.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _queuedOrRunning = new();

    /// <summary>One instance: requeues unfinished jobs before the server takes requests, so none is queued twice.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!feed.IsShared)
        {
            await RequeueUnfinishedAsync(cancellationToken);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pickingUp = feed.IsShared ? PickUpSharedAsync(stoppingToken) : Task.CompletedTask;
        var running = new List<Task>();
        await foreach (var work in authoring.ReadAllAsync(stoppingToken))
        {
            // The text cap (TEXT_MAX_CONCURRENCY) is taken per job, before its provider calls.
            var slot = await pools.Text.AcquireAsync(this, 0, stoppingToken, tokens: EstimatedTokens(work));
            running.RemoveAll(task => task.IsCompleted);
            running.Add(Task.Run(async () =>
            {
                var usage = TokenUsage.Collect();
                CapacityPool.RunCallsIn(slot);
                try { await RunAsync(work, stoppingToken); }
                catch (KeyNotFoundException) { /* the drama and its jobs were deleted meanwhile */ }
                finally
                {
                    _queuedOrRunning.TryRemove(work.JobId, out _);
                    // The estimate is corrected to what the answers reported, before the slot is given back.
                    if (usage.Tokens is { } used)
                    {
                        pools.Text.ReportTokensUsed(slot, (int)Math.Min(used, int.MaxValue));
                    }
                    slot.Dispose();
                }
            }, CancellationToken.None));
        }
        await Task.WhenAll(running);
        await pickingUp;
    }

    /// <summary>
    /// Several instances on one job store: once this one runs the engine, the work any of them accepted, as each job's
    /// NOTIFY arrives, and every unfinished job at the start and at each re-scan.
    /// </summary>
    private async Task PickUpSharedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await leadership.WhenLeaderAsync(stoppingToken);
            await foreach (var jobId in feed.WatchAsync(stoppingToken))
            {
                try
                {
                    foreach (var job in jobId is null ? jobs.ListUnfinished() : jobs.Get(jobId) is { } one ? [one] : [])
                    {
                        await PickUpAsync(job, stoppingToken);
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database did not answer: the next re-scan finds what was missed.
                    logger.LogWarning("Could not pick up authoring jobs from the job store: {Error}", e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The job's text tokens against TEXT_TPM, estimated before the call at four characters a token: the brief or
    /// feedback, plus an allowance for the drama a revision or critique sends and for the answer.
    /// </summary>
    private static int EstimatedTokens(AuthoringWork work)
    {
        const int DramaAndAnswerAllowance = 6_000;
        var prompt = (work.Brief is null ? 0 : JsonSerializer.Serialize(work.Brief, DramaJson.Options).Length) + (work.Feedback?.Length ?? 0);
        return prompt / 4 + DramaAndAnswerAllowance;
    }

    private async Task RunAsync(AuthoringWork work, CancellationToken stoppingToken)
    {
        // Work posted to this instance was queued by DramaAuthoring, under a new id: it is running here from now on.
        _queuedOrRunning.TryAdd(work.JobId, 0);
        if (jobs.Get(work.JobId) is { IsFinished: false })
        {
            await RunOnceAsync(work, stoppingToken);
        }
    }

    private async Task RunOnceAsync(AuthoringWork work, CancellationToken stoppingToken)
    {
        await jobs.UpdateAsync(work.JobId, job => { job.Status = JobStatus.Running; job.StartedAt = clock.GetUtcNow(); }, stoppingToken);
        var notes = ProviderNotes.Collect();
        var usage = ProviderUsage.Collect();
        var userId = work.UserId ?? service.Value.DefaultUserId;
        // Every answer the text model gave was billed, a failed job's included: counted against the budgets before the
        // job records it (the budgets count recorded jobs once, on first use), once, when the job ends.
        Priced? settled = null;
        Priced Settle()
        {
            if (settled is null)
            {
                settled = prices.Sum(usage.Items);
                budgets.Record(new BudgetScope(work.DramaId, userId), settled.Usd);
            }
            return settled;
        }
        try
        {
            var result = work.Kind switch
            {
                DramaAuthoring.Write => await WriteAsync(work, stoppingToken),
                DramaAuthoring.Improve => await ImproveAsync(work, stoppingToken),
                _ => JsonSerializer.SerializeToNode(await CritiqueAsync(work, stoppingToken), DramaJson.Options),
            };
            var billed = Settle();
            await jobs.UpdateAsync(work.JobId, job =>
            {
                job.Status = JobStatus.Completed;
                job.CompletedAt = clock.GetUtcNow();
                job.Result = result;
                job.Metadata["provider"] = text.Name;
                job.Metadata["model"] = text.Model;
                notes.WriteTo(job.Metadata);
                JobCosts.Add(job, billed, userId);
            }, CancellationToken.None);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Left running on purpose: start-up recovery queues it again. Any failure during shutdown
            // (a cancelled call, a provider's disposed semaphore) is the shutdown's, not the job's.
        }
        catch (Exception e)
        {
            logger.LogWarning("Authoring job {JobId} ({Kind}) failed: {Reason}", work.JobId, work.Kind, e.Message);
            var billed = Settle();
            await jobs.UpdateAsync(work.JobId, job =>
            {
                job.Status = JobStatus.Failed;
                job.CompletedAt = clock.GetUtcNow();
                job.Error = e is ProviderException or AuthoringException ? e.Message : $"Unexpected error: {e.GetType().Name}: {e.Message}";
                notes.WriteTo(job.Metadata);
                JobCosts.Add(job, billed, userId);
            }, CancellationToken.None);
        }
    }

    private async Task<JsonNode> WriteAsync(AuthoringWork work, CancellationToken cancellationToken)
    {
        // The drama id was minted for this job alone, so a drama under it is this job's own work, saved
        // before a crash cut the job short of marking itself completed: finish without writing (or paying) again.
        if (await repository.GetAsync(work.DramaId, cancellationToken) is { } saved)
        {
            return WrittenResult(work.DramaId, saved.Drama.Title);
        }
        var brief = work.Brief!;
        var draft = await text.WriteAsync(brief, cancellationToken);
        var drama = DraftComposer.Compose(draft, brief, service.Value.DefaultVideoDuration);
        drama.Id = work.DramaId;
        EnsureValid(drama);
        await repository.CreateAsync(drama, cancellationToken);
        crashPoints.Reach(CrashPoints.AuthoringDramaSaved);
        return WrittenResult(work.DramaId, drama.Title);
    }

    private static JsonObject WrittenResult(string dramaId, string title) =>
        new() { ["dramaId"] = dramaId, ["title"] = title, ["url"] = $"/dramas/{dramaId}" };

    private async Task<JsonNode> ImproveAsync(AuthoringWork work, CancellationToken cancellationToken)
    {
        var current = await repository.GetAsync(work.DramaId, cancellationToken)
            ?? throw new AuthoringException($"Drama '{work.DramaId}' no longer exists.");
        var draft = await text.ImproveAsync(current.Drama, work.Feedback!, cancellationToken);
        var improved = DraftComposer.ComposeImproved(current.Drama, draft, service.Value.DefaultVideoDuration);
        EnsureValid(improved);
        try
        {
            // Guarded by the version the provider saw: an edit made meanwhile is not silently overwritten.
            await repository.UpdateAsync(work.DramaId, _ => improved, current.ETag, cancellationToken);
        }
        catch (DramaPreconditionFailedException)
        {
            throw new AuthoringException("The drama was edited while it was being improved; nothing was changed. Post the feedback again.");
        }
        return WrittenResult(work.DramaId, improved.Title);
    }

    private async Task<DramaCritique> CritiqueAsync(AuthoringWork work, CancellationToken cancellationToken)
    {
        var current = await repository.GetAsync(work.DramaId, cancellationToken)
            ?? throw new AuthoringException($"Drama '{work.DramaId}' no longer exists.");
        return await text.CritiqueAsync(current.Drama, cancellationToken);
    }

    private void EnsureValid(Drama drama)
    {
        var errors = validator.Validate(drama);
        if (!errors.IsValid)
        {
            var first = errors.Errors.Take(3).Select(pair => $"{pair.Key}: {string.Join("; ", pair.Value)}");
            throw new AuthoringException($"The {text.Name} text provider wrote an invalid drama ({string.Join(" | ", first)}).");
        }
    }

    private async Task RequeueUnfinishedAsync(CancellationToken cancellationToken)
    {
        foreach (var job in jobs.ListUnfinished())
        {
            await RequeueAsync(job, cancellationToken);
        }
    }

    private async Task PickUpAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (!job.IsFinished)
        {
            await RequeueAsync(job, cancellationToken);
        }
    }

    /// <summary>Queues an unfinished authoring job once: not while this instance has it queued or running already.</summary>
    private async Task RequeueAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (!DramaAuthoring.JobTypes.Contains(job.JobType) || DramaAuthoring.ReadWork(job.Metadata["work"]) is not { } work
            || !_queuedOrRunning.TryAdd(job.JobId, 0))
        {
            return;
        }
        try
        {
            // Found running and not queued here: the instance (or process) that ran it is gone.
            await JobRequeue.RequeueIfRunningAsync(jobs, job);
            await authoring.RequeueAsync(work with { JobId = job.JobId }, cancellationToken);
        }
        catch
        {
            // Not queued: the next re-scan tries again.
            _queuedOrRunning.TryRemove(job.JobId, out _);
            throw;
        }
    }
}

/// <summary>An authoring failure whose message is meant for the client.</summary>
public sealed class AuthoringException(string message) : Exception(message);
