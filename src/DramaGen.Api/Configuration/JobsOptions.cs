using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

public sealed class JobsOptions
{
    /// <summary>Directory of the job JSON files.</summary>
    [ConfigurationKeyName("JOBS_DIR")] public string JobsDir { get; set; } = "./jobs";

    /// <summary>How long a process waits for another one on the same JOBS_DIR to exit before it stops.</summary>
    [ConfigurationKeyName("JOBS_LOCK_WAIT_SECONDS"), System.ComponentModel.DataAnnotations.Range(0, 3_600)]
    public int LockWaitSeconds { get; set; } = 60;
}
