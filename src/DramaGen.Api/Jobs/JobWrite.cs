namespace DramaGen.Jobs;

/// <summary>When a job change reaches durable storage.</summary>
public enum JobWrite
{
    /// <summary>Before the call returns.</summary>
    Durable,
    /// <summary>
    /// Later: with the job's next durable write or the next <see cref="IJobStore.FlushDeferredAsync"/>; a crash may lose it.
    /// A store may write it at once.
    /// </summary>
    Deferred,
}
