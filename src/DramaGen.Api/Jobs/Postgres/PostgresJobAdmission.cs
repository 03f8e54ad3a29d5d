using Npgsql;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// Admission of new top-level jobs on the shared database: the count of active jobs and the drama's active one are read
/// and the job written in one transaction, under a transaction-scoped advisory lock, so two instances admitting at once
/// take turns and neither exceeds the bound nor starts a second run of a drama. The NOTIFY that tells the engine leader
/// is sent in the same transaction: PostgreSQL delivers it at commit, never for a job that was not written.
/// </summary>
public sealed class PostgresJobAdmission(NpgsqlDataSource database) : IJobAdmission
{
    /// <summary>The advisory lock key of admissions ("DramaAdm").</summary>
    public const long AdmissionLock = 0x44_72_61_6D_61_41_64_6D;

    public bool IsShared => true;

    public async Task<JobAdmission> CreateAsync(JobRecord job, JobAdmissionRule rule, CancellationToken cancellationToken = default)
    {
        PostgresJobStore.EnsureValidId(job);
        var snapshot = job.Clone();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var turn = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdmissionLock})", connection, transaction))
        {
            await turn.ExecuteNonQueryAsync(cancellationToken);
        }
        long active;
        string? dramaActive;
        await using (var count = new NpgsqlCommand(
            """
            SELECT count(*), min(job_id) FILTER (WHERE drama_id = $3)
            FROM dramagen_jobs
            WHERE parent_job_id IS NULL AND status = ANY($1) AND record->>'job_type' = ANY($2)
            """, connection, transaction))
        {
            count.Parameters.AddWithValue(rule.Counted.Select(status => status.ToWire()).ToArray());
            count.Parameters.AddWithValue(rule.JobTypes.ToArray());
            count.Parameters.AddWithValue(snapshot.DramaId);
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            active = reader.GetInt64(0);
            dramaActive = reader.IsDBNull(1) ? null : reader.GetString(1);
        }
        if (rule.OnePerDrama && dramaActive is not null)
        {
            return new JobAdmission(null, ActiveJobId: dramaActive);
        }
        if (active >= rule.Capacity)
        {
            return new JobAdmission(null, Full: true);
        }
        await PostgresJobStore.InsertAsync(connection, transaction, [snapshot], cancellationToken);
        await using (var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection, transaction))
        {
            notify.Parameters.AddWithValue(ClusterChannels.NewJobs);
            notify.Parameters.AddWithValue(snapshot.JobId);
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new JobAdmission(snapshot);
    }
}
