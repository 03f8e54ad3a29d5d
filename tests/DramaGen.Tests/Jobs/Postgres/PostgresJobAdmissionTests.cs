using DramaGen.Jobs;
using DramaGen.Jobs.Postgres;
using Npgsql;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>
/// Admission decided by the shared database: the queue bound and "one run per drama" hold across instances (each with its
/// own connection pool), also when they admit at the same moment, and each admitted job is announced to the engine.
/// </summary>
public sealed class PostgresJobAdmissionTests : IAsyncLifetime
{
    private static readonly JobAdmissionRule Runs = new(["dag"], [JobStatus.Pending, JobStatus.Running], Capacity: 3, OnePerDrama: true);
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateMigratedAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Twenty_instances_starting_a_run_of_one_drama_at_once_admit_exactly_one_and_name_it_to_the_others()
    {
        var admissions = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Instance().CreateAsync(Run($"job_{i}", "drama_one"), Runs))));

        var created = Assert.Single(admissions, admission => admission.Created is not null);
        Assert.All(admissions.Where(admission => admission.Created is null), refused => Assert.Equal(created.Created!.JobId, refused.ActiveJobId));
        Assert.Single(new PostgresJobStore(_database.DataSource).ListUnfinished());
    }

    [Fact]
    public async Task The_queue_bound_counts_the_unfinished_runs_of_every_instance_and_frees_room_when_one_ends()
    {
        var store = new PostgresJobStore(_database.DataSource);
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull((await Instance().CreateAsync(Run($"job_{i}", $"drama_{i}"), Runs)).Created);
        }
        await store.UpdateAsync("job_1", job => job.Status = JobStatus.Running);

        var full = await Instance().CreateAsync(Run("job_3", "drama_3"), Runs);
        Assert.True(full.Full);
        Assert.Null(store.Get("job_3"));

        await store.UpdateAsync("job_1", job => { job.Status = JobStatus.Completed; job.CompletedAt = DateTimeOffset.UtcNow; });
        Assert.NotNull((await Instance().CreateAsync(Run("job_3", "drama_3"), Runs)).Created);
        // Another type of job (authoring, a node) is not counted as a run.
        await store.CreateAsync(Run("job_draft", "drama_4", type: "drama"));
        Assert.True((await Instance().CreateAsync(Run("job_4", "drama_4"), Runs)).Full);
    }

    [Fact]
    public async Task An_admitted_job_is_announced_to_listeners_once_it_is_written()
    {
        await using var listener = await _database.DataSource.OpenConnectionAsync();
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, message) => announced.TrySetResult(message.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {ClusterChannels.NewJobs}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await Instance().CreateAsync(Run("job_announced", "drama_a"), Runs);
        await listener.WaitAsync(JobWaiting.Budget);

        Assert.Equal("job_announced", await announced.Task);
        Assert.NotNull(new PostgresJobStore(_database.DataSource).Get("job_announced"));
    }

    private PostgresJobAdmission Instance() => new PostgresJobAdmission(_database.NewInstancePool());

    private static JobRecord Run(string jobId, string dramaId, string type = "dag") => new()
    {
        JobId = jobId, DramaId = dramaId, AssetId = dramaId, JobType = type, Status = JobStatus.Pending, CreatedAt = DateTimeOffset.UtcNow,
    };
}
