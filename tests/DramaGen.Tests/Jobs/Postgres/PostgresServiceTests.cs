using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Jobs.Postgres;
using DramaGen.Tests.Dramas;
using DramaGen.Tests.Generation.Runs;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>The service as a process on JOB_STORE=postgres: it migrates, generates through PostgreSQL, and keeps DATABASE_URL's password to itself.</summary>
public sealed class PostgresServiceTests : IAsyncLifetime
{
    // Trust authentication ignores it, so it can be any text: what matters is that it is never seen again.
    private const string Password = "pg-SECRET-5d1e77";
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-pgservice-").FullName;
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_run_goes_through_postgres_and_health_logs_and_answers_never_show_the_password()
    {
        var url = DatabaseUrl.Parse(_database.Url);
        var databaseUrl = $"postgresql://{url.Username}:{Password}@{url.Host}:{url.Port}/{url.Database}";
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["STORAGE_DIR"] = Path.Combine(_root, "storage"), ["JOBS_DIR"] = Path.Combine(_root, "jobs"),
            ["JOB_STORE"] = "postgres", ["DATABASE_URL"] = databaseUrl, ["ENVIRONMENT"] = "production",
            ["TEXT_PROVIDER"] = "local", ["IMAGE_PROVIDER"] = "local", ["VIDEO_PROVIDER"] = "local", ["EPISODE_CUTS"] = "false",
        });
        var client = service.Client;

        var health = await client.GetFromJsonAsync<JsonObject>("/health");
        Assert.Equal(("postgres", "ok"), (health!["job_store"]!["kind"]!.GetValue<string>(), health["job_store"]!["status"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_pg"))).StatusCode);
        var generating = await client.PostAsJsonAsync("/dramas/drama_pg/generate", new { });
        var run = await client.WaitForJobAsync(generating.Headers.Location!.OriginalString);

        Assert.Equal("completed", run["status"]!.GetValue<string>());
        Assert.True(run["total_jobs"]!.GetValue<int>() > 0);
        Assert.Equal(run["total_jobs"]!.GetValue<int>(), run["completed_jobs"]!.GetValue<int>());
        await using var rows = _database.DataSource.CreateCommand("SELECT count(*) FROM dramagen_jobs WHERE drama_id = 'drama_pg'");
        Assert.Equal(run["total_jobs"]!.GetValue<int>() + 1L, await rows.ExecuteScalarAsync());
        Assert.Empty(Directory.Exists(Path.Combine(_root, "jobs")) ? Directory.GetFiles(Path.Combine(_root, "jobs"), "*.json") : []);

        var everything = string.Join("\n", service.Output, health.ToJsonString(), await client.GetStringAsync("/"), run.ToJsonString());
        Assert.Contains("PostgreSQL", service.Output);
        Assert.DoesNotContain(Password, everything);
    }
}
