namespace DramaGen.Jobs.Postgres;

/// <summary>
/// The PostgreSQL job store with every write of this instance told to <see cref="RunMirrors"/>, which keeps the copies of the
/// runs executed here (their polls need no round trip). Reads go straight to the store.
/// </summary>
internal sealed class MirroringJobStore(PostgresJobStore store, RunMirrors mirrors) : IJobStore, IDisposable
{
    public string Kind => store.Kind;

    public void Dispose() => store.Dispose();

    public Task CheckHealthAsync(CancellationToken cancellationToken = default) => store.CheckHealthAsync(cancellationToken);

    public async Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken = default) =>
        (await CreateManyAsync([job], JobWrite.Durable, cancellationToken))[0];

    public async Task<IReadOnlyList<JobRecord>> CreateManyAsync(IReadOnlyList<JobRecord> jobs, JobWrite write = JobWrite.Durable,
        CancellationToken cancellationToken = default)
    {
        try
        {
            var created = await store.CreateManyAsync(jobs, write, cancellationToken);
            mirrors.Created(created);
            return created;
        }
        catch
        {
            // All or none: a failed insert added nothing, but a lost connection leaves it unknown.
            mirrors.Created(jobs);
            throw;
        }
    }

    public Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, CancellationToken cancellationToken = default) =>
        UpdateAsync(jobId, mutate, JobWrite.Durable, cancellationToken);

    public async Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, JobWrite write, CancellationToken cancellationToken = default)
    {
        mirrors.Writing(jobId);
        JobRecord written;
        try
        {
            written = await store.UpdateAsync(jobId, mutate, write, cancellationToken);
        }
        catch (Exception e)
        {
            if (e is InvalidJobTransitionException)
            {
                // Refused before anything was written.
                mirrors.Refused(jobId);
            }
            else
            {
                // Unknown outcome, or the job is gone: deleted by another instance (its drama was deleted there).
                mirrors.Failed(jobId);
            }
            throw;
        }
        mirrors.Landed(written);
        return written;
    }

    public async Task DeleteByDramaAsync(string dramaId, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.DeleteByDramaAsync(dramaId, cancellationToken);
        }
        finally
        {
            mirrors.DropAll();
        }
    }

    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.DeleteFinishedBeforeAsync(cutoff, cancellationToken);
        }
        finally
        {
            mirrors.DropAll();
        }
    }

    public JobRecord? Get(string jobId) => store.Get(jobId);

    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default) => store.GetAsync(jobId, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListByDramaAsync(string dramaId, CancellationToken cancellationToken = default) =>
        store.ListByDramaAsync(dramaId, cancellationToken);

    public IReadOnlyList<JobRecord> ListChildren(string parentJobId) => store.ListChildren(parentJobId);

    public RawJsonArray ListChildrenJson(string parentJobId, int offset = 0, int limit = int.MaxValue) =>
        store.ListChildrenJson(parentJobId, offset, limit);

    public JobCounts CountChildren(string parentJobId) => store.CountChildren(parentJobId);

    public Task<JobCounts> CountChildrenAsync(string parentJobId, CancellationToken cancellationToken = default) =>
        store.CountChildrenAsync(parentJobId, cancellationToken);

    public IReadOnlyList<JobRecord> ListUnfinished() => store.ListUnfinished();

    public IReadOnlyList<JobRecord> ListAll() => store.ListAll();

    public Task<int> FlushDeferredAsync(TimeSpan minimumAge, CancellationToken cancellationToken = default) =>
        store.FlushDeferredAsync(minimumAge, cancellationToken);
}
