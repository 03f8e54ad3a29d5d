using DramaGen.Configuration;
using System.Text.Json;
using DramaGen.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Jobs;

public sealed class FileJobStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dramagen-jobs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private FileJobStore CreateSut() =>
        new(Options.Create(new JobsOptions { JobsDir = _directory }), NullLogger<FileJobStore>.Instance);

    private static JobRecord Job(string id, string? parent = null, string status = JobStatuses.Pending, int order = 0) => new()
    {
        JobId = id, DramaId = "drama_jobs", ParentJobId = parent, JobType = parent is null ? "dag" : "image", Status = status,
        CreatedAt = DateTimeOffset.UnixEpoch.AddSeconds(order),
    };

    [Fact]
    public async Task Concurrent_updates_of_one_job_lose_nothing()
    {
        var store = CreateSut();
        await store.CreateAsync(Job("job_counter"));

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => store.UpdateAsync("job_counter", job =>
        {
            job.Metadata["count"] = (job.Metadata["count"]?.GetValue<int>() ?? 0) + 1;
            job.Metadata[$"writer_{i}"] = i;
        }))));

        Assert.Equal(200, store.Get("job_counter")!.Metadata["count"]!.GetValue<int>());
        var reloaded = CreateSut().Get("job_counter")!;
        Assert.Equal(200, reloaded.Metadata["count"]!.GetValue<int>());
        Assert.Equal(201, reloaded.Metadata.Count);
    }

    [Fact]
    public async Task A_reader_never_sees_a_torn_job_file()
    {
        var store = CreateSut();
        await store.CreateAsync(Job("job_torn"));
        var path = Path.Combine(_directory, "job_torn.json");
        var padding = new string('x', 200_000);
        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Throws (and fails the test) on a half-written file.
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                Assert.Equal("job_torn", document.RootElement.GetProperty("job_id").GetString());
                Interlocked.Increment(ref reads);
            }
        });

        // Writers go on until the reader has read many times while they wrote.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 100 || Volatile.Read(ref reads) < 300; i++)
            {
                await store.UpdateAsync("job_torn", job => job.Prompt = $"{writer}:{i}:{padding[..(1_000 * (i % 200))]}");
                Assert.False(reader.IsFaulted);
            }
        })));
        await stop.CancelAsync();
        await reader;

        Assert.True(reads >= 300);
        Assert.Empty(Directory.GetFiles(_directory, ".*.tmp"));
    }

    [Fact]
    public async Task Child_counts_follow_every_transition_without_recounting()
    {
        var store = CreateSut();
        await store.CreateAsync(Job("job_parent"));
        await store.CreateManyAsync([.. Enumerable.Range(0, 10).Select(i => Job($"job_c{i}", "job_parent", order: i))]);

        await store.UpdateAsync("job_c0", job => job.Status = JobStatuses.Running);
        await store.UpdateAsync("job_c1", job => job.Status = JobStatuses.Completed);
        await store.UpdateAsync("job_c2", job => job.Status = JobStatuses.Failed);
        await store.UpdateAsync("job_c3", job => job.Status = JobStatuses.Skipped);
        await store.UpdateAsync("job_c4", job => job.Status = JobStatuses.Running);
        await store.UpdateAsync("job_c4", job => job.Status = JobStatuses.Completed);
        await store.UpdateAsync("job_c5", job => job.Metadata["touched"] = true);

        var expected = new JobCounts(Total: 10, Completed: 2, Failed: 1, Running: 1, Pending: 5, Skipped: 1);
        Assert.Equal(expected, store.CountChildren("job_parent"));
        Assert.Equal(expected, CreateSut().CountChildren("job_parent"));
    }

    [Fact]
    public async Task Job_files_and_the_child_list_carry_only_snake_case_fields()
    {
        var store = CreateSut();
        await store.CreateAsync(Job("job_parent"));
        await store.CreateManyAsync([Job("job_c0", "job_parent"), Job("job_c1", "job_parent", JobStatuses.Completed, 1)]);
        await store.FlushDeferredAsync(TimeSpan.Zero);

        var files = Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var path in files)
        {
            var text = File.ReadAllText(path);
            Assert.DoesNotMatch("\"[A-Z][A-Za-z]*\"\\s*:", text);
        }
    }

    [Fact]
    public async Task Children_keep_their_creation_order_across_a_restart()
    {
        var store = CreateSut();
        await store.CreateAsync(Job("job_parent"));
        var ids = Enumerable.Range(0, 30).Select(i => $"job_{(char)('z' - i % 26)}{i}").ToList();
        await store.CreateManyAsync([.. ids.Select((id, i) => Job(id, "job_parent", order: i))]);

        Assert.Equal(ids, store.ListChildren("job_parent").Select(job => job.JobId));
        Assert.Equal(ids, CreateSut().ListChildren("job_parent").Select(job => job.JobId));
    }

    [Fact]
    public async Task Returned_records_are_snapshots_that_later_updates_do_not_change()
    {
        var store = CreateSut();
        var created = await store.CreateAsync(Job("job_snap"));

        await store.UpdateAsync("job_snap", job => { job.Status = JobStatuses.Running; job.Metadata["step"] = 2; });

        Assert.Equal(JobStatuses.Pending, created.Status);
        Assert.Null(created.Metadata["step"]);
        Assert.Equal(JobStatuses.Running, store.Get("job_snap")!.Status);
    }

    [Fact]
    public async Task A_deferred_change_reaches_the_file_with_the_next_durable_write_or_a_flush()
    {
        var store = CreateSut();
        await store.CreateManyAsync([Job("job_parent"), Job("job_a", "job_parent"), Job("job_b", "job_parent")], JobWrite.Deferred);
        Assert.Empty(Directory.GetFiles(_directory, "*.json"));

        await store.UpdateAsync("job_a", job => job.Status = JobStatuses.Running, JobWrite.Deferred);
        Assert.Equal(JobStatuses.Running, store.Get("job_a")!.Status);
        Assert.Null(CreateSut().Get("job_a"));

        await store.UpdateAsync("job_a", job => job.Metadata["operation_id"] = "op-1");
        Assert.Equal((JobStatuses.Running, "op-1"), (CreateSut().Get("job_a")!.Status, CreateSut().Get("job_a")!.Metadata["operation_id"]!.GetValue<string>()));

        Assert.Equal(2, await store.FlushDeferredAsync(TimeSpan.Zero));
        Assert.Equal(3, CreateSut().ListAll().Count);
        Assert.Equal(0, await store.FlushDeferredAsync(TimeSpan.Zero));
    }

    [Fact]
    public async Task Deleting_a_dramas_jobs_removes_files_and_counts()
    {
        var store = CreateSut();
        await store.CreateAsync(Job("job_parent"));
        await store.CreateAsync(Job("job_child", "job_parent"));

        await store.DeleteByDramaAsync("drama_jobs");

        Assert.Null(store.Get("job_parent"));
        Assert.Equal(JobCounts.Empty, store.CountChildren("job_parent"));
        Assert.Empty(Directory.GetFiles(_directory));
        Assert.Empty(CreateSut().ListAll());
    }

    [Fact]
    public async Task A_corrupt_file_is_skipped_at_load_and_the_rest_still_loads()
    {
        var store = CreateSut();
        await store.CreateAsync(Job("job_good"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "job_bad.json"), "{\"job_id\": \"job_b");

        var reloaded = CreateSut();

        Assert.NotNull(reloaded.Get("job_good"));
        Assert.Null(reloaded.Get("job_bad"));
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(JsonSerializer.Serialize(reloaded.Get("job_good"))).RootElement.ValueKind);
    }
}
