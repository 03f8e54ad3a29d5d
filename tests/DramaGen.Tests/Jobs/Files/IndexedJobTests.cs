using System.Text.Json;
using System.Text.Json.Nodes;
using DramaGen.Configuration;
using DramaGen.Jobs;
using DramaGen.Jobs.Files;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Jobs.Files;

/// <summary>
/// The file store keeps each job in memory as its JSON only (<see cref="IndexedJob"/>): what comes back out of it, as a
/// record, as a poll's JSON or as the file, is what was written, and no record handed out is shared.
/// </summary>
public sealed class IndexedJobTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dramagen-indexed-").FullName;
    private readonly FileJobStore _store;

    public IndexedJobTests() => _store = Open();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private FileJobStore Open() => new(Options.Create(new JobsOptions { JobsDir = _directory }), NullLogger<FileJobStore>.Instance);

    private static JobRecord Child(string id, int order = 0) => new()
    {
        JobId = id, DramaId = "drama_slim", ParentJobId = "job_parent", JobType = "image", AssetId = "portrait_" + id,
        Status = JobStatus.Completed, Prompt = "A keeper \"Ana\" at dusk \u00e9\u4e2d", R2Url = "/files/a/b.png", Error = null,
        CreatedAt = new DateTimeOffset(2026, 12, 4, 10, 0, order, TimeSpan.FromHours(2)),
        StartedAt = new DateTimeOffset(2026, 12, 4, 10, 0, 1, TimeSpan.Zero).AddTicks(1234567),
        CompletedAt = new DateTimeOffset(2026, 12, 4, 10, 0, 2, TimeSpan.Zero),
        CostUsd = 0.0400m,
        Metadata = new JsonObject
        {
            ["attempts"] = 2, ["ratio"] = 0.25, ["operation_id"] = null, ["up_to_date"] = false,
            ["nested"] = new JsonObject { ["views"] = new JsonArray("front", "side") }, ["big"] = 12345678901234L,
        },
        Result = new JsonObject { ["reason"] = "rendered" },
    };

    private static string JsonOf(JobRecord job) => JsonSerializer.Serialize(job, JobJson.Options);

    private static string PollJsonOf(FileJobStore store, string parent) =>
        JsonSerializer.Serialize(store.ListChildrenJson(parent), JobJson.Options);

    [Fact]
    public void A_snapshot_keeps_the_id_strings_of_the_one_it_replaces()
    {
        var first = IndexedJob.Of(Child("job_a"));
        var reread = first.ToRecord();
        Assert.NotSame(first.ParentJobId, reread.ParentJobId);

        var next = IndexedJob.Of(reread, first);

        Assert.Same(first.JobId, next.JobId);
        Assert.Same(first.DramaId, next.DramaId);
        Assert.Same(first.ParentJobId, next.ParentJobId);
        var moved = Child("job_a");
        moved.ParentJobId = "job_other";
        Assert.Equal("job_other", IndexedJob.Of(moved, first).ParentJobId);
    }

    [Fact]
    public async Task A_job_reads_back_field_for_field_as_a_record_as_the_polls_json_and_as_its_file()
    {
        await _store.CreateAsync(new JobRecord { JobId = "job_parent", DramaId = "drama_slim", JobType = "dag" });
        var written = Child("job_c0");

        var created = await _store.CreateAsync(written);

        Assert.Equal(JsonOf(written), JsonOf(created));
        Assert.Equal(JsonOf(written), JsonOf(_store.Get("job_c0")!));
        Assert.Equal(0.0400m, _store.Get("job_c0")!.CostUsd);
        Assert.Equal(written.CreatedAt.Offset, _store.Get("job_c0")!.CreatedAt.Offset);
        Assert.Equal($"[{JsonOf(written)}]", PollJsonOf(_store, "job_parent"));
        Assert.Equal(JsonOf(written), await File.ReadAllTextAsync(Path.Combine(_directory, "job_c0.json")));
        Assert.Equal(JsonOf(written), JsonOf(Open().Get("job_c0")!));
        Assert.Equal(JsonOf(written), JsonOf(Assert.Single(_store.ListChildren("job_parent"))));
    }

    [Fact]
    public async Task Every_record_handed_out_is_a_copy_that_cannot_change_the_store()
    {
        var created = await _store.CreateAsync(Child("job_copy"));
        var read = _store.Get("job_copy")!;
        var updated = await _store.UpdateAsync("job_copy", job => job.Metadata["attempts"] = 3);
        var created2 = (await _store.CreateManyAsync([Child("job_many")]))[0];

        foreach (var handedOut in new[] { created, read, updated, created2 })
        {
            handedOut.Status = JobStatus.Failed;
            handedOut.Metadata["attempts"] = 99;
            ((JsonObject)handedOut.Metadata["nested"]!)["views"] = null;
        }

        Assert.Equal(3, _store.Get("job_copy")!.Metadata["attempts"]!.GetValue<int>());
        Assert.Equal(2, _store.Get("job_many")!.Metadata["attempts"]!.GetValue<int>());
        Assert.Equal(JobStatus.Completed, _store.Get("job_copy")!.Status);
        Assert.Equal(2, _store.Get("job_copy")!.Metadata["nested"]!["views"]!.AsArray().Count);
    }

    [Fact]
    public async Task Children_created_together_read_back_as_written_in_their_order_and_a_deferred_change_is_seen_before_its_file()
    {
        await _store.CreateAsync(new JobRecord { JobId = "job_parent", DramaId = "drama_slim", JobType = "dag" });
        JobRecord[] children = [Child("job_b", 0), Child("job_a", 1), Child("job_c", 2)];

        var returned = await _store.CreateManyAsync(children, JobWrite.Deferred);

        Assert.Equal(children.Select(JsonOf), returned.Select(JsonOf));
        Assert.Equal($"[{string.Join(',', children.Select(JsonOf))}]", PollJsonOf(_store, "job_parent"));
        await _store.UpdateAsync("job_a", job => job.Metadata["attempts"] = 5, JobWrite.Deferred);
        Assert.Equal(5, _store.Get("job_a")!.Metadata["attempts"]!.GetValue<int>());
        Assert.Contains("\"attempts\":5", PollJsonOf(_store, "job_parent"));
        Assert.False(File.Exists(Path.Combine(_directory, "job_a.json")));

        await _store.FlushDeferredAsync(TimeSpan.Zero);

        Assert.Equal(JsonOf(_store.Get("job_a")!), await File.ReadAllTextAsync(Path.Combine(_directory, "job_a.json")));
        Assert.Equal(PollJsonOf(_store, "job_parent"), PollJsonOf(Open(), "job_parent"));
    }
}
