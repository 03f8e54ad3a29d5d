namespace DramaGen.Jobs;

/// <summary>
/// JOB_STORE=file: one process owns JOBS_DIR, so it runs the engine from the start, admits work in memory and has
/// nobody to signal.
/// </summary>
public sealed class SingleInstance : IEngineLeadership, IJobAdmission, IClusterSignals
{
    public bool IsLeader => true;

    public bool IsShared => false;

    public Task WhenLeaderAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<JobAdmission> CreateAsync(JobRecord job, JobAdmissionRule rule, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("One instance admits its work in memory.");

    public Task SendAsync(string channel, string payload, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public IDisposable Subscribe(string channel, Action<string?> receive) => Nothing.Instance;

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}
