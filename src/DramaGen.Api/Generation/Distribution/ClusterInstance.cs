namespace DramaGen.Generation.Distribution;

/// <summary>
/// This instance among those on one PostgreSQL: what a child job's "instance" field and the Hangfire server name say (the
/// Railway replica, else the host, and the process; a second service in one process, as the benchmark builds, gets a suffix).
/// </summary>
public sealed class ClusterInstance
{
    /// <summary>The child job field naming the instance whose Hangfire worker executed the node.</summary>
    public const string Field = "instance";

    private static int _created;

    public ClusterInstance()
    {
        var ordinal = Interlocked.Increment(ref _created);
        Name = $"{Environment.GetEnvironmentVariable("RAILWAY_REPLICA_ID") ?? Environment.MachineName}:{Environment.ProcessId}"
            + (ordinal > 1 ? $"/{ordinal}" : "");
    }

    public string Name { get; }
}
