using DramaGen.Configuration;
using System.Text.Json;
using DramaGen.Jobs;
using DramaGen.Jobs.Files;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Jobs.Files;

/// <summary>The embedded store: the job store contract, plus what its files promise.</summary>
public sealed class FileJobStoreTests : JobStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dramagen-jobs-").FullName;
    private readonly Lazy<FileJobStore> _store;

    public FileJobStoreTests() => _store = new(CreateSut);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    protected override IJobStore Store => _store.Value;

    protected override IJobStore Reopen() => CreateSut();

    private FileJobStore CreateSut() =>
        new(Options.Create(new JobsOptions { JobsDir = _directory }), NullLogger<FileJobStore>.Instance);

    [Fact]
    public async Task Files_of_an_earlier_version_load_and_keep_their_field_names_and_status_strings()
    {
        const string earlier = """{"job_id":"job_py","drama_id":"drama_jobs","asset_id":"char_c001","job_type":"image","status":"skipped","prompt":null,"r2_url":null,"error":"dependency char_c000 did not complete","created_at":"2026-01-01T00:00:00+00:00","started_at":null,"completed_at":null,"parent_job_id":"job_parent","metadata":{"attempts":0},"result":null}""";
        await File.WriteAllTextAsync(Path.Combine(_directory, "job_py.json"), earlier);

        var store = CreateSut();
        Assert.Equal(JobStatus.Skipped, store.Get("job_py")!.Status);
        await store.UpdateAsync("job_py", job => job.Metadata["attempts"] = 0);

        Assert.Equal(earlier, await File.ReadAllTextAsync(Path.Combine(_directory, "job_py.json")));
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
    public async Task Job_files_and_the_child_list_carry_only_snake_case_fields()
    {
        var store = CreateSut();
        await store.CreateAsync(Job("job_parent"));
        await store.CreateManyAsync([Job("job_c0", "job_parent"), Job("job_c1", "job_parent", JobStatus.Completed, 1)]);
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
    public async Task A_deferred_change_reaches_the_file_with_the_next_durable_write_or_a_flush()
    {
        var store = CreateSut();
        await store.CreateManyAsync([Job("job_parent"), Job("job_a", "job_parent"), Job("job_b", "job_parent")], JobWrite.Deferred);
        Assert.Empty(Directory.GetFiles(_directory, "*.json"));

        await store.UpdateAsync("job_a", job => job.Status = JobStatus.Running, JobWrite.Deferred);
        Assert.Equal(JobStatus.Running, store.Get("job_a")!.Status);
        Assert.Null(CreateSut().Get("job_a"));

        await store.UpdateAsync("job_a", job => job.Metadata["operation_id"] = "op-1");
        Assert.Equal((JobStatus.Running, "op-1"), (CreateSut().Get("job_a")!.Status, CreateSut().Get("job_a")!.Metadata["operation_id"]!.GetValue<string>()));

        Assert.Equal(2, await store.FlushDeferredAsync(TimeSpan.Zero));
        Assert.Equal(3, CreateSut().ListUnfinished().Count);
        Assert.Equal(0, await store.FlushDeferredAsync(TimeSpan.Zero));
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
