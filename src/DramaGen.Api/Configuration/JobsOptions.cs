using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

public sealed class JobsOptions
{
    /// <summary>Directory of the job JSON files.</summary>
    [ConfigurationKeyName("JOBS_DIR")] public string JobsDir { get; set; } = "./jobs";

    /// <summary>Finished runs and authoring jobs older than this many days are deleted in the background; 0 keeps them forever.</summary>
    [ConfigurationKeyName("JOB_RETENTION_DAYS"), System.ComponentModel.DataAnnotations.Range(0, 36_500)]
    public double JobRetentionDays { get; set; } = 30;
}
