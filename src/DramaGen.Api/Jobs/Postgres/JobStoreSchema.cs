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
        // Each parent's child counts kept by the writes themselves (statement triggers, in the writer's transaction, whichever
        // instance writes), so a poll or progress event of a 10,000-node run sums a few rows instead of counting 10,000.
        // A parent's counts are spread over up to 16 rows, one per writer's connection (backend pid modulo 16): the
        // engine's concurrent child writes do not queue on one row lock, and only the sum means anything.
        // The table is locked first: no write lands between the triggers' creation and the counting of what exists.
        """
        LOCK TABLE dramagen_jobs IN SHARE ROW EXCLUSIVE MODE;
        CREATE TABLE dramagen_job_counts (
            parent_job_id text NOT NULL,
            shard         int NOT NULL,
            total         int NOT NULL,
            pending       int NOT NULL,
            running       int NOT NULL,
            completed     int NOT NULL,
            failed        int NOT NULL,
            -- A cancelled child counts as skipped: the answer's counts have no cancelled_jobs.
            skipped       int NOT NULL,
            PRIMARY KEY (parent_job_id, shard)
        );
        CREATE FUNCTION dramagen_add_child_counts(parents text[], statuses text[], deltas int[]) RETURNS void LANGUAGE sql AS $$
            INSERT INTO dramagen_job_counts AS c (parent_job_id, shard, total, pending, running, completed, failed, skipped)
            SELECT p, pg_backend_pid() % 16, sum(d),
                   coalesce(sum(d) FILTER (WHERE s NOT IN ('running', 'completed', 'failed', 'skipped', 'cancelled')), 0),
                   coalesce(sum(d) FILTER (WHERE s = 'running'), 0),
                   coalesce(sum(d) FILTER (WHERE s = 'completed'), 0),
                   coalesce(sum(d) FILTER (WHERE s = 'failed'), 0),
                   coalesce(sum(d) FILTER (WHERE s IN ('skipped', 'cancelled')), 0)
            FROM unnest(parents, statuses, deltas) AS t(p, s, d)
            WHERE p IS NOT NULL
            GROUP BY p
            ON CONFLICT (parent_job_id, shard) DO UPDATE SET total = c.total + excluded.total, pending = c.pending + excluded.pending,
                running = c.running + excluded.running, completed = c.completed + excluded.completed,
                failed = c.failed + excluded.failed, skipped = c.skipped + excluded.skipped
        $$;
        -- A trigger with transition tables serves one event, and each event has its own tables: one branch each.
        CREATE FUNCTION dramagen_count_children() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                PERFORM dramagen_add_child_counts(array_agg(parent_job_id), array_agg(status), array_agg(1)) FROM dramagen_new_rows;
            ELSIF TG_OP = 'UPDATE' THEN
                PERFORM dramagen_add_child_counts(array_agg(p), array_agg(s), array_agg(d))
                FROM (SELECT parent_job_id, status, 1 FROM dramagen_new_rows
                      UNION ALL SELECT parent_job_id, status, -1 FROM dramagen_old_rows) AS changes(p, s, d);
            ELSE
                PERFORM dramagen_add_child_counts(array_agg(parent_job_id), array_agg(status), array_agg(-1)) FROM dramagen_old_rows;
                -- A deleted parent takes its counts along.
                DELETE FROM dramagen_job_counts WHERE parent_job_id IN (SELECT job_id FROM dramagen_old_rows);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER dramagen_count_inserted AFTER INSERT ON dramagen_jobs REFERENCING NEW TABLE AS dramagen_new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION dramagen_count_children();
        CREATE TRIGGER dramagen_count_updated AFTER UPDATE ON dramagen_jobs
            REFERENCING OLD TABLE AS dramagen_old_rows NEW TABLE AS dramagen_new_rows FOR EACH STATEMENT EXECUTE FUNCTION dramagen_count_children();
        CREATE TRIGGER dramagen_count_deleted AFTER DELETE ON dramagen_jobs REFERENCING OLD TABLE AS dramagen_old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION dramagen_count_children();
        -- What exists already, counted once.
        SELECT dramagen_add_child_counts(array_agg(parent_job_id), array_agg(status), array_agg(1)) FROM dramagen_jobs;
        """,
        // The providers' request quotas and 429 pauses held across instances (PostgresClusterQuotas): a permit is a row until one
        // window after its request was answered; a pause is the latest Retry-After any instance was given.
        """
        CREATE TABLE dramagen_request_permits (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            capability  text NOT NULL,
            expires_at  timestamptz NOT NULL
        );
        CREATE INDEX dramagen_request_permits_live ON dramagen_request_permits (capability, expires_at);
        CREATE TABLE dramagen_provider_pauses (
            capability   text PRIMARY KEY,
            paused_until timestamptz NOT NULL
        );
        """,
        // A poll's page of a parent's children (PostgresChildPages) in one statement: each child's seq and row version (xmin),
        // and its record only where the caller's copy is not of that version. The copy is the page as the caller last read
        // it (known_seqs and known_versions, in page order), compared position by position: children are only ever added
        // after the others (seq), so a page keeps its positions, and a child at another position is only sent again. The
        // page is read in index order: a run's children are inserted at once, so the statistics rarely know its parent yet,
        // and with an estimate of a few hundred rows the planner fetched all 10,000 children and sorted them to keep 1,000
        // (15-25 ms a poll on a loaded server, against 1-2 ms in index order).
        """
        CREATE FUNCTION dramagen_child_page(parent text, skip bigint, take bigint, known_seqs bigint[], known_versions xid[])
            RETURNS TABLE (child_seq bigint, child_version xid, child_record bytea)
            LANGUAGE plpgsql STABLE SET enable_bitmapscan = off SET enable_seqscan = off AS $$
        BEGIN
            RETURN QUERY
            SELECT p.seq, p.version,
                   CASE WHEN known_seqs[p.n - skip] = p.seq AND known_versions[p.n - skip] = p.version THEN NULL
                        ELSE convert_to(p.record::text, 'UTF8') END
            FROM (SELECT j.seq, j.xmin AS version, j.record, row_number() OVER (ORDER BY j.seq) AS n FROM dramagen_jobs j
                  WHERE j.parent_job_id = parent ORDER BY j.seq OFFSET skip LIMIT take) AS p
            ORDER BY p.seq;
        END $$;
        """,
    ];

    public static int Version => Migrations.Length;

    /// <returns>How many migrations this call applied (0 when another instance had done them all).</returns>
    public static Task<int> MigrateAsync(NpgsqlDataSource database, CancellationToken cancellationToken = default) =>
        MigrateAsync(database, Migrations.Length, cancellationToken);

    /// <param name="upTo">The last version to apply (tests start from an older schema).</param>
    internal static async Task<int> MigrateAsync(NpgsqlDataSource database, int upTo, CancellationToken cancellationToken = default)
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
            for (var version = current + 1; version <= upTo; version++)
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
            return Math.Max(0, upTo - current);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLock})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
