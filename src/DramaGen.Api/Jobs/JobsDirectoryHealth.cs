namespace DramaGen.Jobs;

/// <summary>
/// Whether job files can be written. A failed write marks JOBS_DIR unwritable; only <see cref="Files.JobsDirectoryRecovery"/>
/// marks it writable again, once every job held in memory meanwhile has reached its file. /health reports it.
/// </summary>
public sealed class JobsDirectoryHealth(ILogger<JobsDirectoryHealth> logger)
{
    private readonly Lock _gate = new();
    private string? _problem;
    private TaskCompletionSource _writable = Completed();

    /// <summary>What is wrong with JOBS_DIR, or null while job files can be written.</summary>
    public string? Problem
    {
        get { lock (_gate) { return _problem; } }
    }

    public bool IsFailing => Problem is not null;

    /// <summary>Completes once JOBS_DIR is writable again and nothing is waiting to be written.</summary>
    public Task WhenWritableAsync()
    {
        lock (_gate) { return _writable.Task; }
    }

    public void Failed(JobsDirectoryUnavailableException e)
    {
        lock (_gate)
        {
            if (_problem is null)
            {
                logger.LogError(e, "Job files cannot be written ({Problem}): runs stop starting nodes until JOBS_DIR is writable", e.Problem);
                _writable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            _problem = e.Problem;
        }
    }

    public void Recovered()
    {
        lock (_gate)
        {
            if (_problem is null)
            {
                return;
            }
            logger.LogWarning("JOBS_DIR is writable again; the job states held in memory are written");
            _problem = null;
            _writable.TrySetResult();
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
