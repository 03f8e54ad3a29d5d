using DramaGen.Configuration;
using DramaGen.Jobs;
using DramaGen.Jobs.Files;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Jobs;

/// <summary>JOB_RETENTION_DAYS: finished runs older than that are deleted with their children; running ones never.</summary>
public sealed class JobRetentionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dramagen-retention-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Finished_runs_past_retention_are_deleted_with_their_children_and_running_ones_are_kept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new JobsOptions { JobsDir = _directory, JobRetentionDays = 7 });
        var store = new FileJobStore(options, NullLogger<FileJobStore>.Instance, clock);
        var t0 = clock.GetUtcNow();
        await store.CreateAsync(new JobRecord { JobId = "job_old", DramaId = "drama_r", JobType = "dag", Status = JobStatus.Completed, CreatedAt = t0, CompletedAt = t0 });
        await store.CreateAsync(new JobRecord { JobId = "job_old_child", DramaId = "drama_r", ParentJobId = "job_old", JobType = "image", Status = JobStatus.Completed, CreatedAt = t0 });
        await store.CreateAsync(new JobRecord { JobId = "job_running", DramaId = "drama_r", JobType = "dag", Status = JobStatus.Running, CreatedAt = t0 });
        await store.CreateAsync(new JobRecord { JobId = "job_recent", DramaId = "drama_r", JobType = "dag", Status = JobStatus.Failed, CreatedAt = t0, CompletedAt = t0.AddDays(5) });
        using var retention = new JobRetention(store, options, clock, NullLogger<JobRetention>.Instance);

        var early = await retention.PruneOnceAsync();
        clock.Advance(TimeSpan.FromDays(8));
        var deleted = await retention.PruneOnceAsync();

        Assert.Equal((0, 2), (early, deleted));
        Assert.Null(store.Get("job_old"));
        Assert.Null(store.Get("job_old_child"));
        Assert.NotNull(store.Get("job_running"));
        Assert.NotNull(store.Get("job_recent"));
        Assert.Equal(["job_recent.json", "job_running.json"], Directory.EnumerateFiles(_directory, "*.json").Select(Path.GetFileName).Order());
        Assert.Equal(2, (await store.ListByDramaAsync("drama_r")).Count);
    }
}
