using System.Text.Json;
using DramaGen.Jobs;

namespace DramaGen.Tests.Jobs;

/// <summary>
/// What every <see cref="IJobStore"/> promises, whatever keeps the records: each store's test class derives from this one
/// and says how to open the store and how to open it again on the same storage (a restart, or another instance).
/// </summary>
public abstract class JobStoreContract
{
    /// <summary>A store on empty storage of the test's own.</summary>
    protected abstract IJobStore Store { get; }

    /// <summary>A second store on the same storage, as a restarted process or another instance opens it.</summary>
    protected abstract IJobStore Reopen();

    protected static JobRecord Job(string id, string? parent = null, JobStatus status = JobStatus.Pending, int order = 0, string drama = "drama_jobs") => new()
    {
        JobId = id, DramaId = drama, ParentJobId = parent, JobType = parent is null ? "dag" : "image", Status = status,
        AssetId = parent is null ? drama : "node_" + id, CreatedAt = DateTimeOffset.UnixEpoch.AddSeconds(order),
    };

    [Fact]
    public async Task A_created_job_reads_back_field_for_field_after_a_reopen()
    {
        var job = Job("job_fields");
        job.Prompt = "a lighthouse at dusk";
        job.Metadata["operation_id"] = "op-1";
        job.Metadata["nested"] = new System.Text.Json.Nodes.JsonObject { ["level"] = 2 };
        job.Result = new System.Text.Json.Nodes.JsonObject { ["reason"] = "up to date" };
        job.StartedAt = DateTimeOffset.UnixEpoch.AddMinutes(1);

        await Store.CreateAsync(job);

        Assert.Equal(JsonOf(job), JsonOf(Store.Get("job_fields")!));
        Assert.Equal(JsonOf(job), JsonOf(Reopen().Get("job_fields")!));
    }

    [Fact]
    public async Task Creating_a_job_id_twice_is_refused_and_keeps_the_first()
    {
        await Store.CreateAsync(Job("job_twice"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateAsync(Job("job_twice", status: JobStatus.Running)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CreateManyAsync([Job("job_new"), Job("job_twice")]));

        Assert.Equal(JobStatus.Pending, Reopen().Get("job_twice")!.Status);
        Assert.Null(Reopen().Get("job_new"));
    }

    [Fact]
    public async Task Concurrent_updates_of_one_job_lose_nothing()
    {
        await Store.CreateAsync(Job("job_counter"));

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => Store.UpdateAsync("job_counter", job =>
        {
            job.Metadata["count"] = (job.Metadata["count"]?.GetValue<int>() ?? 0) + 1;
            job.Metadata[$"writer_{i}"] = i;
        }))));

        Assert.Equal(100, Store.Get("job_counter")!.Metadata["count"]!.GetValue<int>());
        var reloaded = Reopen().Get("job_counter")!;
        Assert.Equal(100, reloaded.Metadata["count"]!.GetValue<int>());
        Assert.Equal(101, reloaded.Metadata.Count);
    }

    [Fact]
    public async Task An_update_keeps_the_jobs_identity()
    {
        await Store.CreateAsync(Job("job_parent"));
        await Store.CreateAsync(Job("job_child", "job_parent"));

        var updated = await Store.UpdateAsync("job_child", job => { job.JobId = "job_other"; job.DramaId = "drama_other"; job.ParentJobId = null; });

        Assert.Equal(("job_child", "drama_jobs", "job_parent"), (updated.JobId, updated.DramaId, updated.ParentJobId));
        Assert.Null(Store.Get("job_other"));
        Assert.Single(Store.ListChildren("job_parent"));
    }

    [Fact]
    public async Task Updating_a_missing_job_throws_key_not_found()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.UpdateAsync("job_missing", job => job.Prompt = "x"));
    }

    [Fact]
    public async Task Child_counts_follow_every_transition()
    {
        await Store.CreateAsync(Job("job_parent"));
        await Store.CreateManyAsync([.. Enumerable.Range(0, 10).Select(i => Job($"job_c{i}", "job_parent", order: i))]);

        await Store.UpdateAsync("job_c0", job => job.Status = JobStatus.Running);
        await Store.UpdateAsync("job_c1", job => job.Status = JobStatus.Completed);
        await Store.UpdateAsync("job_c2", job => job.Status = JobStatus.Failed);
        await Store.UpdateAsync("job_c3", job => job.Status = JobStatus.Skipped);
        await Store.UpdateAsync("job_c4", job => job.Status = JobStatus.Running);
        await Store.UpdateAsync("job_c4", job => job.Status = JobStatus.Completed);
        await Store.UpdateAsync("job_c5", job => job.Status = JobStatus.Cancelled);
        await Store.UpdateAsync("job_c6", job => job.Metadata["touched"] = true);

        // A cancelled child counts as skipped: the answer's counts have no cancelled_jobs.
        var expected = new JobCounts(Total: 10, Completed: 2, Failed: 1, Running: 1, Pending: 4, Skipped: 2);
        Assert.Equal(expected, Store.CountChildren("job_parent"));
        Assert.Equal(expected, Reopen().CountChildren("job_parent"));
        Assert.Equal(JobCounts.Empty, Store.CountChildren("job_c0"));
    }

    [Fact]
    public async Task Children_keep_their_creation_order_and_page_as_json()
    {
        await Store.CreateAsync(Job("job_parent"));
        var ids = Enumerable.Range(0, 30).Select(i => $"job_{(char)('z' - i % 26)}{i}").ToList();
        await Store.CreateManyAsync([.. ids.Select((id, i) => Job(id, "job_parent", order: i))]);
        await Store.UpdateAsync(ids[11], job => job.Status = JobStatus.Running);

        Assert.Equal(ids, Store.ListChildren("job_parent").Select(job => job.JobId));
        Assert.Equal(ids, Reopen().ListChildren("job_parent").Select(job => job.JobId));
        var page = JsonDocument.Parse(JsonSerializer.Serialize(Store.ListChildrenJson("job_parent", offset: 10, limit: 5))).RootElement;
        Assert.Equal(ids[10..15], page.EnumerateArray().Select(child => child.GetProperty("job_id").GetString()));
        Assert.Equal("running", page[1].GetProperty("status").GetString());
        Assert.Empty(Store.ListChildren("job_none"));
    }

    [Fact]
    public async Task Returned_records_are_snapshots_that_later_updates_do_not_change()
    {
        var created = await Store.CreateAsync(Job("job_snap"));

        await Store.UpdateAsync("job_snap", job => { job.Status = JobStatus.Running; job.Metadata["step"] = 2; });

        Assert.Equal(JobStatus.Pending, created.Status);
        Assert.Null(created.Metadata["step"]);
        Assert.Equal((JobStatus.Running, 2), (Store.Get("job_snap")!.Status, Store.Get("job_snap")!.Metadata["step"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData(JobStatus.Completed, JobStatus.Running)]
    [InlineData(JobStatus.Completed, JobStatus.Failed)]
    [InlineData(JobStatus.Failed, JobStatus.Pending)]
    [InlineData(JobStatus.Failed, JobStatus.Running)]
    [InlineData(JobStatus.Skipped, JobStatus.Completed)]
    [InlineData(JobStatus.Cancelled, JobStatus.Pending)]
    public async Task An_illegal_transition_throws_and_stores_nothing(JobStatus from, JobStatus to)
    {
        await Store.CreateAsync(Job("job_final", status: from));

        var refused = await Assert.ThrowsAsync<InvalidJobTransitionException>(
            () => Store.UpdateAsync("job_final", job => { job.Status = to; job.Error = "rewritten"; }));

        Assert.Equal((from, to), (refused.From, refused.To));
        Assert.Equal((from, (string?)null), (Store.Get("job_final")!.Status, Store.Get("job_final")!.Error));
        Assert.Equal(from, Reopen().Get("job_final")!.Status);
    }

    [Fact]
    public async Task A_job_goes_through_start_requeue_and_end_and_then_takes_field_changes_only()
    {
        await Store.CreateAsync(Job("job_life"));

        await Store.UpdateAsync("job_life", job => job.Status = JobStatus.Running);
        await Store.UpdateAsync("job_life", job => job.Status = JobStatus.Pending);
        await Store.UpdateAsync("job_life", job => job.Status = JobStatus.Running);
        await Store.UpdateAsync("job_life", job => job.Status = JobStatus.Completed);
        var touched = await Store.UpdateAsync("job_life", job => job.Metadata["note"] = "kept");

        Assert.Equal((JobStatus.Completed, "kept"), (touched.Status, Reopen().Get("job_life")!.Metadata["note"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Listings_order_a_dramas_jobs_newest_first_and_unfinished_and_all_ones_oldest_first()
    {
        await Store.CreateAsync(Job("job_a", order: 1));
        await Store.CreateAsync(Job("job_b", order: 3, status: JobStatus.Completed));
        await Store.CreateAsync(Job("job_c", order: 2, status: JobStatus.Running));
        await Store.CreateAsync(Job("job_other", order: 0, drama: "drama_other"));

        Assert.Equal(["job_b", "job_c", "job_a"], (await Store.ListByDramaAsync("drama_jobs")).Select(job => job.JobId));
        Assert.Equal(["job_other", "job_a", "job_c"], Reopen().ListUnfinished().Select(job => job.JobId));
        Assert.Equal(["job_other", "job_a", "job_c", "job_b"], Reopen().ListAll().Select(job => job.JobId));
        Assert.Empty(await Store.ListByDramaAsync("drama_none"));
    }

    [Fact]
    public async Task A_deferred_change_is_seen_at_once_and_kept_by_a_flush()
    {
        await Store.CreateManyAsync([Job("job_parent"), Job("job_a", "job_parent"), Job("job_b", "job_parent", order: 1)], JobWrite.Deferred);

        await Store.UpdateAsync("job_a", job => job.Status = JobStatus.Running, JobWrite.Deferred);
        Assert.Equal(JobStatus.Running, Store.Get("job_a")!.Status);
        Assert.Equal(1, Store.CountChildren("job_parent").Running);

        await Store.FlushDeferredAsync(TimeSpan.Zero);
        var reopened = Reopen();
        Assert.Equal(JobStatus.Running, reopened.Get("job_a")!.Status);
        Assert.Equal(["job_a", "job_b"], reopened.ListChildren("job_parent").Select(job => job.JobId));
    }

    [Fact]
    public async Task Deleting_a_dramas_jobs_removes_them_and_their_counts_and_nothing_else()
    {
        await Store.CreateAsync(Job("job_parent"));
        await Store.CreateAsync(Job("job_child", "job_parent"));
        await Store.CreateAsync(Job("job_kept", drama: "drama_other"));

        await Store.DeleteByDramaAsync("drama_jobs");

        Assert.Null(Store.Get("job_parent"));
        Assert.Null(Store.Get("job_child"));
        Assert.Equal(JobCounts.Empty, Store.CountChildren("job_parent"));
        Assert.Empty(await Reopen().ListByDramaAsync("drama_jobs"));
        Assert.NotNull(Reopen().Get("job_kept"));
    }

    [Fact]
    public async Task Retention_deletes_old_finished_top_level_jobs_with_their_children_only()
    {
        var t0 = DateTimeOffset.UnixEpoch.AddDays(100);
        await Store.CreateAsync(Done(Job("job_old", status: JobStatus.Completed), t0));
        await Store.CreateAsync(Job("job_old_child", "job_old", JobStatus.Completed));
        await Store.CreateAsync(Done(Job("job_old_busy", status: JobStatus.Failed), t0));
        await Store.CreateAsync(Job("job_busy_child", "job_old_busy", JobStatus.Running));
        await Store.CreateAsync(Job("job_running", status: JobStatus.Running));
        await Store.CreateAsync(Done(Job("job_recent", status: JobStatus.Failed), t0.AddDays(5)));

        var deleted = await Store.DeleteFinishedBeforeAsync(t0.AddDays(1));

        Assert.Equal(2, deleted);
        Assert.Equal(["job_busy_child", "job_old_busy", "job_recent", "job_running"],
            (await Reopen().ListByDramaAsync("drama_jobs")).Select(job => job.JobId).Order());
    }

    private static JobRecord Done(JobRecord job, DateTimeOffset at)
    {
        job.CompletedAt = at;
        return job;
    }

    private static string JsonOf(JobRecord job) => JsonSerializer.Serialize(job, JobJson.Options);
}
