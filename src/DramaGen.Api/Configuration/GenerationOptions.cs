using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

/// <summary>How the generation engine schedules and checkpoints its runs.</summary>
public sealed class GenerationOptions
{
    public const string Eager = "eager";
    public const string Level = "level";
    public const string CriticalPath = "critical_path";
    public const string FirstCome = "first_come";

    /// <summary>
    /// eager: a node starts as soon as its dependencies are done. level: each level of the DAG runs as a
    /// whole (Task.WhenAll) after the previous one, as the Python service did; kept for comparison.
    /// </summary>
    [ConfigurationKeyName("SCHEDULER_MODE"), RegularExpression("^(eager|level)$", ErrorMessage = "SCHEDULER_MODE must be eager or level.")]
    public string SchedulerMode { get; set; } = Eager;

    /// <summary>
    /// Which ready node gets a free slot first: critical_path, the one with the longest expected remaining path to the
    /// end of its run (latencies learned per provider and model); first_come, the one ready first (for comparison).
    /// </summary>
    [ConfigurationKeyName("SCHEDULER_ORDER"), RegularExpression("^(critical_path|first_come)$", ErrorMessage = "SCHEDULER_ORDER must be critical_path or first_come.")]
    public string SchedulerOrder { get; set; } = CriticalPath;

    public bool IsCriticalPathFirst => SchedulerOrder == CriticalPath;

    /// <summary>How often a run writes its progress into the drama (URLs, statuses) and its node state; also at run end.</summary>
    [ConfigurationKeyName("GENERATION_FLUSH_INTERVAL_MS"), Range(10, 600_000)]
    public int FlushIntervalMs { get; set; } = 250;

    /// <summary>Runs waiting to start; further generate requests wait for room (back-pressure).</summary>
    [ConfigurationKeyName("GENERATION_QUEUE_CAPACITY"), Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>The views of every character's sheet besides the portrait (char_view_{c}_{view}); empty for none.</summary>
    [ConfigurationKeyName("CHARACTER_VIEWS"), RegularExpression("^([a-z0-9]+(_[a-z0-9]+)*(,[a-z0-9]+(_[a-z0-9]+)*)*)?$",
        ErrorMessage = "CHARACTER_VIEWS must be a comma-separated list of lowercase view names such as side,full_body.")]
    public string CharacterViews { get; set; } = "side,full_body";

    /// <summary>Whether every run ends with one cut_{e} node per episode (CUT_* settings shape the film).</summary>
    [ConfigurationKeyName("EPISODE_CUTS")]
    public bool EpisodeCuts { get; set; } = true;

    /// <summary>
    /// On shutdown (SIGTERM) the provider calls in flight get this long to finish before they are cancelled (a call cut
    /// short is paid again after the restart); no node starts meanwhile. Keep it below the platform's stop timeout
    /// (railway.toml sets drainingSeconds to 30). 0 cancels at once.
    /// </summary>
    [ConfigurationKeyName("SHUTDOWN_GRACE_SECONDS"), Range(0, 3_600)]
    public int ShutdownGraceSeconds { get; set; } = 25;

    public bool IsLevelMode => SchedulerMode == Level;
}
