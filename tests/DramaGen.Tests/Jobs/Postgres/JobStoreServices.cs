using System.Text.Json;
using DramaGen.Configuration;
using DramaGen.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>The job store's services as the service registers them (JOB_STORE=postgres), for the poll tests.</summary>
internal static class JobStoreServices
{
    /// <param name="settings">Settings beyond JOB_STORE and DATABASE_URL (DATABASE_READ_POOL_SIZE, WORK_DISTRIBUTION).</param>
    public static ServiceProvider Build(string databaseUrl, IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["JOB_STORE"] = JobStoreOptions.Postgres,
            ["DATABASE_URL"] = databaseUrl,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddValidatedOptions<JobsOptions>(configuration);
        services.AddValidatedOptions<JobStoreOptions>(configuration);
        services.AddValidatedOptions<WorkDistributionOptions>(configuration);
        services.AddJobs(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>A job of the drama: a generation run's parent (no parent) or an image node's child job, created in <paramref name="order"/>.</summary>
    public static JobRecord Job(string dramaId, string id, string? parent, int order = 0) => new()
    {
        JobId = id, DramaId = dramaId, ParentJobId = parent, JobType = parent is null ? ParentJobView.DagJobType : "image",
        AssetId = "node_" + id, CreatedAt = DateTimeOffset.UnixEpoch.AddSeconds(order),
    };

    public static string JsonOf(JobRecord job) => JsonSerializer.Serialize(job, JobJson.Options);
}
