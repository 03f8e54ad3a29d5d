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

/// <summary>Where job records live: JSON files under JOBS_DIR (one process), or PostgreSQL (shared by several instances).</summary>
public sealed class JobStoreOptions
{
    public const string Files = "file";
    public const string Postgres = "postgres";

    /// <summary>Whether JOB_STORE names PostgreSQL, read before the options are bound (to register its services or not).</summary>
    public static bool IsPostgres(IConfiguration configuration) =>
        string.Equals(configuration["JOB_STORE"], Postgres, StringComparison.Ordinal);

    /// <summary>file (default) or postgres.</summary>
    [ConfigurationKeyName("JOB_STORE"), System.ComponentModel.DataAnnotations.RegularExpression("^(file|postgres)$",
        ErrorMessage = "JOB_STORE must be 'file' or 'postgres'.")]
    public string Kind { get; set; } = Files;

    /// <summary>
    /// The PostgreSQL database of JOB_STORE=postgres: the URL Railway sets (postgresql://user:pass@host:5432/db) or an
    /// Npgsql connection string. Holds a password: never logged or answered.
    /// </summary>
    [ConfigurationKeyName("DATABASE_URL")] public string? DatabaseUrl { get; set; }

    /// <summary>
    /// JOB_STORE=postgres: the connections job polls (GET of one job) have to themselves, apart from the pool the engine
    /// writes through. Each poll holds one for a single round trip.
    /// </summary>
    [ConfigurationKeyName("DATABASE_READ_POOL_SIZE"), System.ComponentModel.DataAnnotations.Range(1, 100)]
    public int ReadPoolSize { get; set; } = 4;

    /// <summary>How often a standby instance tries to take over the engine (and the leader checks it still holds it).</summary>
    [ConfigurationKeyName("ENGINE_TAKEOVER_SECONDS"), System.ComponentModel.DataAnnotations.Range(1, 50)]
    public int TakeoverSeconds { get; set; } = 5;

    /// <summary>The engine leader's safety net: it re-reads the unfinished jobs this often, besides each new job's NOTIFY.</summary>
    [ConfigurationKeyName("JOBS_RESCAN_SECONDS"), System.ComponentModel.DataAnnotations.Range(1, 3_600)]
    public int RescanSeconds { get; set; } = 30;
}
