namespace DramaGen.Jobs;

/// <summary>
/// Small messages between the instances that share the job store (PostgreSQL LISTEN/NOTIFY): ids, never state; a
/// receiver reads the state from the store. Best effort: a receiver that was disconnected is told so (a null message)
/// and re-reads what it needs. Under JOB_STORE=file there is one instance and nothing is sent.
/// </summary>
public interface IClusterSignals
{
    /// <summary>Whether other instances may be listening.</summary>
    bool IsShared { get; }

    /// <summary>Sends a message (at most <see cref="ClusterChannels.MaxPayloadBytes"/> UTF-8 bytes) to every instance, this one included.</summary>
    Task SendAsync(string channel, string payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="receive"/> with each message of the channel, or with null when messages may have been missed
    /// (once listening starts, and after a lost connection). Called on the listener's loop: it must be quick and never throw.
    /// </summary>
    IDisposable Subscribe(string channel, Action<string?> receive);
}

/// <summary>The channels of <see cref="IClusterSignals"/>.</summary>
public static class ClusterChannels
{
    /// <summary>A new top-level job was written (payload: its job id): the engine leader picks it up.</summary>
    public const string NewJobs = "dramagen_new_jobs";

    /// <summary>Runs changed (payload: the ids of the changes): every instance's event streams read the new state.</summary>
    public const string RunEvents = "dramagen_run_events";

    /// <summary>A node executed by a Hangfire worker ended (payload: its child job id): the leader awaiting it reads the job.</summary>
    public const string NodesDone = "dramagen_nodes_done";

    /// <summary>A provider answered 429 on one instance (payload: see Postgres.ClusterThrottles): every instance pauses it.</summary>
    public const string Throttled = "dramagen_throttled";

    /// <summary>Node jobs were enqueued in Hangfire (payload: how many): every instance wakes as many idle workers.</summary>
    public const string NodeJobsEnqueued = "dramagen_node_jobs";

    public static readonly IReadOnlyList<string> All = [NewJobs, RunEvents, NodesDone, Throttled, NodeJobsEnqueued];

    /// <summary>PostgreSQL's NOTIFY payload limit is 8000 bytes.</summary>
    public const int MaxPayloadBytes = 7_900;
}
