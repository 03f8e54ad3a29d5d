using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using DramaGen.Configuration;
using DramaGen.Http;
using DramaGen.Jobs;
using DramaGen.Providers;
using Microsoft.Extensions.Options;

namespace DramaGen.Authoring;

/// <summary>One piece of text-provider work waiting for <see cref="AuthoringWorker"/>.</summary>
/// <param name="UserId">Whose budget the text calls are billed to: the owner of the caller's key (null: DEFAULT_USER_ID).</param>
public sealed record AuthoringWork(string JobId, string Kind, string DramaId, DramaBrief? Brief = null, string? Feedback = null, string? ETag = null,
    string? UserId = null);

/// <summary>
/// Starts writing, improving and critiquing jobs: the job record is persisted first (so a poll finds it
/// at once), then the work is handed to the background worker through a bounded channel.
/// </summary>
public sealed class DramaAuthoring(IJobStore jobs, IJobAdmission admission, TimeProvider clock, IOptions<AuthoringOptions> options)
{
    public const string Write = "drama";
    public const string Improve = "improve";
    public const string Critique = "critique";

    /// <summary>The job types of authoring work.</summary>
    public static readonly IReadOnlyList<string> JobTypes = [Write, Improve, Critique];

    // Unbounded underneath: the bound is the room counted in _waiting, taken before the job is written, so a
    // full queue refuses at once and leaves no pending job behind (start-up recovery may exceed it).
    private readonly Channel<AuthoringWork> _queue = Channel.CreateUnbounded<AuthoringWork>(new UnboundedChannelOptions { SingleReader = true });
    private int _waiting;

    /// <summary>The queued work, in order; each item read frees its room.</summary>
    public async IAsyncEnumerable<AuthoringWork> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var work in _queue.Reader.ReadAllAsync(cancellationToken))
        {
            Interlocked.Decrement(ref _waiting);
            yield return work;
        }
    }

    public Task<JobRecord> EnqueueWriteAsync(DramaBrief brief, string? userId, CancellationToken cancellationToken)
    {
        var dramaId = Ids.NewDramaId();
        var metadata = new JsonObject
        {
            ["episodes"] = brief.Episodes, ["scenes_per_episode"] = brief.ScenesPerEpisode,
            ["style"] = brief.Style, ["aspect_ratio"] = brief.AspectRatio,
        };
        return EnqueueAsync(new AuthoringWork(Ids.NewJobId(), Write, dramaId, Brief: brief, UserId: userId), brief.Premise, metadata, cancellationToken);
    }

    public Task<JobRecord> EnqueueImproveAsync(string dramaId, string feedback, string etag, string? userId, CancellationToken cancellationToken) =>
        EnqueueAsync(new AuthoringWork(Ids.NewJobId(), Improve, dramaId, Feedback: feedback, ETag: etag, UserId: userId), feedback, [], cancellationToken);

    public Task<JobRecord> EnqueueCritiqueAsync(string dramaId, string? userId, CancellationToken cancellationToken) =>
        EnqueueAsync(new AuthoringWork(Ids.NewJobId(), Critique, dramaId, UserId: userId), null, [], cancellationToken);

    /// <summary>The job's metadata.work is snake_case, as every other field of the job JSON.</summary>
    private static readonly JsonSerializerOptions WorkJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The work a job file recorded; files written before it was snake_case are still read.</summary>
    public static AuthoringWork? ReadWork(JsonNode? recorded) =>
        recorded?.Deserialize<AuthoringWork>(WorkJson) is { DramaId: not null and not "" } work ? work : recorded?.Deserialize<AuthoringWork>();

    /// <summary>Puts an already persisted job back in the queue (start-up recovery).</summary>
    public ValueTask RequeueAsync(AuthoringWork work, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        return _queue.Writer.WriteAsync(work, cancellationToken);
    }

    private async Task<JobRecord> EnqueueAsync(AuthoringWork work, string? prompt, JsonObject metadata, CancellationToken cancellationToken)
    {
        if (admission.IsShared)
        {
            return await AdmitSharedAsync(work, prompt, metadata, cancellationToken);
        }
        if (Interlocked.Increment(ref _waiting) > options.Value.QueueCapacity)
        {
            Interlocked.Decrement(ref _waiting);
            throw QueueFull();
        }
        try
        {
            return await PersistAndQueueAsync(work, prompt, metadata, cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _waiting);
            throw;
        }
    }

    /// <summary>
    /// Several instances on one job store: the bound (jobs waiting, across instances) is decided by the store as it writes
    /// the job, and the engine leader, wherever it runs, picks the work up from there.
    /// </summary>
    private async Task<JobRecord> AdmitSharedAsync(AuthoringWork work, string? prompt, JsonObject metadata, CancellationToken cancellationToken)
    {
        var rule = new JobAdmissionRule(JobTypes, [JobStatus.Pending], options.Value.QueueCapacity, OnePerDrama: false);
        var admitted = await admission.CreateAsync(NewJob(work, prompt, metadata), rule, cancellationToken);
        return admitted.Created ?? throw QueueFull();
    }

    private QueueFullException QueueFull() => new($"The authoring queue is full ({options.Value.QueueCapacity} jobs waiting); retry later.");

    private async Task<JobRecord> PersistAndQueueAsync(AuthoringWork work, string? prompt, JsonObject metadata, CancellationToken cancellationToken)
    {
        var job = await jobs.CreateAsync(NewJob(work, prompt, metadata), cancellationToken);
        // Unbounded, so this never waits: room was taken above.
        _queue.Writer.TryWrite(work);
        return job;
    }

    private JobRecord NewJob(AuthoringWork work, string? prompt, JsonObject metadata)
    {
        metadata["work"] = JsonSerializer.SerializeToNode(work with { JobId = "" }, WorkJson);
        return new JobRecord
        {
            JobId = work.JobId,
            DramaId = work.DramaId,
            AssetId = work.DramaId,
            JobType = work.Kind,
            Prompt = prompt,
            CreatedAt = clock.GetUtcNow(),
            Metadata = metadata,
        };
    }
}
