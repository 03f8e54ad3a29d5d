using System.ComponentModel.DataAnnotations;

namespace DramaGen.Configuration;

/// <summary>
/// Where a run's provider calls execute under JOB_STORE=postgres: on the engine leader itself (local), or as Hangfire jobs on
/// PostgreSQL that any instance's Hangfire server runs (hangfire). Read once at start-up: it decides which services exist.
/// </summary>
public sealed class WorkDistributionOptions
{
    public const string Local = "local";
    public const string Hangfire = "hangfire";

    [ConfigurationKeyName("WORK_DISTRIBUTION"), RegularExpression("^(local|hangfire)$", ErrorMessage = "WORK_DISTRIBUTION must be 'local' or 'hangfire'.")]
    public string Mode { get; set; } = Local;

    /// <summary>Hangfire workers of this instance (node executions at once); 0 runs no Hangfire server here (the instance only serves and leads).</summary>
    [ConfigurationKeyName("HANGFIRE_WORKERS"), Range(0, 1_000)]
    public int Workers { get; set; } = 20;

    /// <summary>
    /// At most this many nodes of a run per Hangfire job: nodes that become ready while the leader sends a dispatch go out
    /// together in the next one, and share Hangfire's cost per job. 1 gives every node a job of its own.
    /// </summary>
    [ConfigurationKeyName("HANGFIRE_BATCH"), Range(1, 100)]
    public int Batch { get; set; } = 32;

    /// <summary>
    /// The leader sends node jobs at most once every this many milliseconds: when nodes become ready faster, those of the
    /// interval go out together in one job (at most <see cref="Batch"/> nodes), so Hangfire's cost per job is shared by more
    /// of them. A node ready after a quiet interval goes out at once; 0 sends each dispatch as soon as the previous one is out.
    /// </summary>
    [ConfigurationKeyName("HANGFIRE_DISPATCH_GAP_MS"), Range(0, 1_000)]
    public int DispatchGapMs { get; set; } = 50;

    /// <summary>
    /// How long a node job fetched by an instance that died stays invisible before another instance takes it (Hangfire.PostgreSql's
    /// sliding invisibility timeout: a live worker keeps extending it, so a long video is never taken twice).
    /// </summary>
    [ConfigurationKeyName("HANGFIRE_INVISIBILITY_SECONDS"), Range(5, 3_600)]
    public int InvisibilitySeconds { get; set; } = 30;

    /// <summary>How often an idle Hangfire worker looks for jobs (besides the NOTIFY of a new one with long polling).</summary>
    [ConfigurationKeyName("HANGFIRE_POLL_MS"), Range(50, 60_000)]
    public int PollMs { get; set; } = 1_000;

    /// <summary>
    /// Hangfire.PostgreSql's long polling: every idle worker of every instance LISTENs (a pooled connection per fetch) and looks
    /// for a job at each NOTIFY of a new one. Off (the default), the leader tells the instances how many node jobs it enqueued
    /// in one NOTIFY of the service's own and each wakes as many idle workers (<c>NodeJobWakeups</c>): far fewer statements.
    /// </summary>
    [ConfigurationKeyName("HANGFIRE_LONG_POLLING")]
    public bool LongPolling { get; set; }

    /// <summary>Hangfire is used only with the shared PostgreSQL job store.</summary>
    public static bool IsOn(IConfiguration configuration) =>
        JobStoreOptions.IsPostgres(configuration)
        && string.Equals(configuration["WORK_DISTRIBUTION"], Hangfire, StringComparison.Ordinal);
}
