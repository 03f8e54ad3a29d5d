using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace DramaGen.Jobs.Files;

/// <summary>
/// One job as <see cref="JobIndex"/> holds it: the fields the index finds and filters jobs by, and the record's JSON
/// (what its file holds, or will hold once a deferred write lands). The record itself is read back from the JSON only
/// when it is asked for: a 10,000-node run keeps its children's JSON (about 1 KB each) and not, besides it, a record
/// with a tree of metadata nodes (about 2 KB more each), and a poll copies the JSON as it is.
/// </summary>
internal sealed class IndexedJob
{
    private IndexedJob(JobRecord job, byte[] json, IndexedJob? previous)
    {
        // An update's record is read anew from the JSON, with new copies of the same ids: the next snapshot keeps the
        // previous one's, so a run's 10,000 children share one parent id and one drama id (#15).
        JobId = Kept(previous?.JobId, job.JobId);
        DramaId = Kept(previous?.DramaId, job.DramaId);
        ParentJobId = Kept(previous?.ParentJobId, job.ParentJobId);
        Status = job.Status;
        CreatedAt = job.CreatedAt;
        CompletedAt = job.CompletedAt;
        Json = json;
    }

    public string JobId { get; }
    public string DramaId { get; }
    public string? ParentJobId { get; }
    public JobStatus Status { get; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset? CompletedAt { get; }

    /// <summary>The record, serialized as every store writes it (<see cref="JobJson"/>).</summary>
    public byte[] Json { get; }

    public bool IsFinished => Status.IsFinal();

    /// <param name="previous">The job's snapshot this one replaces, if any.</param>
    public static IndexedJob Of(JobRecord job, IndexedJob? previous = null) =>
        new(job, JsonSerializer.SerializeToUtf8Bytes(job, JobJson.Options), previous);

    [return: NotNullIfNotNull(nameof(value))]
    private static string? Kept(string? kept, string? value) => kept == value ? kept : value;

    /// <summary>A new record read from the JSON: a snapshot nobody else holds.</summary>
    public JobRecord ToRecord() =>
        JsonSerializer.Deserialize<JobRecord>(Json, JobJson.Options) ?? throw new JsonException($"The JSON of job '{JobId}' is null.");
}
