namespace DramaGen.Generation.Distribution;

/// <summary>This process among the instances: what a child job's "instance" field names (the replica, else the host, and the process).</summary>
public static class ClusterInstance
{
    /// <summary>The child job field naming the instance whose Hangfire worker executed the node.</summary>
    public const string Field = "instance";

    public static string Name { get; } =
        $"{Environment.GetEnvironmentVariable("RAILWAY_REPLICA_ID") ?? Environment.MachineName}:{Environment.ProcessId}";
}
