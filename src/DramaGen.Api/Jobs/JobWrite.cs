namespace DramaGen.Jobs;

/// <summary>When a job change reaches its file.</summary>
public enum JobWrite
{
    /// <summary>Before the call returns.</summary>
    Durable,
    /// <summary>With the job's next durable write or the next <see cref="FileJobStore.FlushDeferredAsync"/>; a crash may lose it.</summary>
    Deferred,
}
