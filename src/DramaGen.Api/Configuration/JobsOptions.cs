using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

public sealed class JobsOptions
{
    /// <summary>Directory of the job JSON files.</summary>
    [ConfigurationKeyName("JOBS_DIR")] public string JobsDir { get; set; } = "./jobs";
}
