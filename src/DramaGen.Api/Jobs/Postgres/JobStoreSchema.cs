using Npgsql;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// The job tables and their migrations, applied at start-up in order, each once. Instances that start at once take turns
/// under a PostgreSQL advisory lock (held for the migration only, released even if the process dies), so no two of them
/// run the same migration.
/// </summary>
public static class JobStoreSchema
{
    /// <summary>The advisory lock key of job store migrations (any fixed number the service uses for nothing else).</summary>
    public const long MigrationLock = 0x44_72_61_6D_61_4A_6F_62; // "DramaJob"

    /// <summary>Migrations in order; a released one is never edited, a change is a new one.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE dramagen_jobs (
            job_id        text PRIMARY KEY,
            drama_id      text NOT NULL,
            parent_job_id text,
            status        text NOT NULL,
            created_at    timestamptz NOT NULL,
            completed_at  timestamptz,
            -- Creation order: a parent's children are listed in the order they were planned.
            seq           bigint GENERATED ALWAYS AS IDENTITY,
            -- The whole record, byte for byte as its JSON file would hold it (json, not jsonb: key order kept).
            record        json NOT NULL
        );
        CREATE INDEX dramagen_jobs_by_drama ON dramagen_jobs (drama_id);
        CREATE INDEX dramagen_jobs_by_parent ON dramagen_jobs (parent_job_id, seq) WHERE parent_job_id IS NOT NULL;
        CREATE INDEX dramagen_jobs_unfinished ON dramagen_jobs (created_at) WHERE status IN ('pending', 'running');
        """,
        """
        -- WORK_DISTRIBUTION=hangfire: which Hangfire job runs a node (its child job). A dispatch is claimed by a compare-and-set on
        -- token, so two leaders (a failover) or two attempts never enqueue one node twice.
        CREATE TABLE dramagen_node_dispatch (
            job_id          text PRIMARY KEY,
            token           uuid NOT NULL,
            hangfire_job_id text,
            claimed_at      timestamptz NOT NULL DEFAULT now()
        );
        """,
    ];

    public static int Version => Migrations.Length;

    /// <returns>How many migrations this call applied (0 when another instance had done them all).</returns>
    public static async Task<int> MigrateAsync(NpgsqlDataSource database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLock})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await using (var create = new NpgsqlCommand(
                "CREATE TABLE IF NOT EXISTS dramagen_schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                connection))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            int current;
            await using (var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM dramagen_schema_migrations", connection))
            {
                current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken));
            }
            for (var version = current + 1; version <= Migrations.Length; version++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var migrate = new NpgsqlCommand(Migrations[version - 1], connection, transaction))
                {
                    await migrate.ExecuteNonQueryAsync(cancellationToken);
                }
                await using (var record = new NpgsqlCommand("INSERT INTO dramagen_schema_migrations (version) VALUES ($1)", connection, transaction))
                {
                    record.Parameters.AddWithValue(version);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            return Math.Max(0, Migrations.Length - current);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLock})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
