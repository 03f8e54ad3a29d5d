using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Generation.Runs;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>
/// What several service processes on one PostgreSQL share in a test (JOB_STORE=postgres): a database of their own, one
/// STORAGE_DIR, and one call log of the local providers, in which every paid call of every process is a line.
/// </summary>
public sealed class ServiceCluster : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-cluster-").FullName;

    private ServiceCluster(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }

    public string CallLog => Path.Combine(_root, "calls.log");

    public static async Task<ServiceCluster> CreateAsync() => new(await TestDatabase.CreateAsync());

    /// <summary>The variables of one instance (its own JOBS_DIR, unused with PostgreSQL but kept apart).</summary>
    public Dictionary<string, string> Environment(string instance) => new()
    {
        ["JOB_STORE"] = "postgres",
        ["DATABASE_URL"] = Database.Url,
        ["STORAGE_DIR"] = Path.Combine(_root, "storage"),
        ["JOBS_DIR"] = Path.Combine(_root, "jobs-" + instance),
        ["LOCAL_CALL_LOG"] = CallLog,
        ["ENGINE_TAKEOVER_SECONDS"] = "1",
        ["TEXT_PROVIDER"] = "local",
        ["IMAGE_PROVIDER"] = "local",
        ["VIDEO_PROVIDER"] = "local",
        ["EPISODE_CUTS"] = "false",
        ["LOCAL_MEDIA_SIZE"] = "64",
        ["API_KEYS"] = "",
        ["ENVIRONMENT"] = "development",
    };

    public static async Task<string> RoleAsync(ServiceProcess service) =>
        (await service.Client.GetFromJsonAsync<JsonObject>("/health"))!["engine"]!["role"]!.GetValue<string>();

    /// <summary>Every provider call of the processes (they share the log), each request paid once in total.</summary>
    public List<(string Operation, string Hash)> AssertEveryProviderCallOnce()
    {
        var paid = File.ReadAllLines(CallLog).Select(line => line.Split('\t'))
            .Where(call => call[1] is "image" or "video" or "speech").Select(call => (Operation: call[1], Hash: call[2])).ToList();
        Assert.NotEmpty(paid);
        Assert.Equal(paid.Count, paid.Distinct().Count());
        return paid;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
