using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

public sealed class JobsOptions
{
    /// <summary>Directory of the job JSON files.</summary>
    [ConfigurationKeyName("JOBS_DIR")] public string JobsDir { get; set; } = "./jobs";

    /// <summary>Finished runs and authoring jobs older than this many days are deleted in the background; 0 keeps them forever.</summary>
    [ConfigurationKeyName("JOB_RETENTION_DAYS"), System.ComponentModel.DataAnnotations.Range(0, 36_500)]
    public double JobRetentionDays { get; set; } = 30;

    /// <summary>How long a process waits for another one on the same JOBS_DIR to exit before it stops.</summary>
    [ConfigurationKeyName("JOBS_LOCK_WAIT_SECONDS"), System.ComponentModel.DataAnnotations.Range(0, 3_600)]
    public int LockWaitSeconds { get; set; } = 60;
}
