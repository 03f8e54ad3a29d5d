using Npgsql;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// How the service's PostgreSQL connections are made. Pooled ones are not reset when they go back to the pool (No Reset On
/// Close): Npgsql would otherwise send DISCARD ALL before each next use, a statement and a transaction of its own on every
/// open (a third of all statements of a distributed run) that also drops PostgreSQL's cached plans of the count triggers.
/// Nothing the service does on a pooled connection outlives its use: advisory locks taken there are released explicitly
/// or are transaction-scoped. What must end with its connection, the engine's session lock and the LISTEN of the signals,
/// is held on a connection outside the pool (<see cref="OpenSessionAsync"/>), closed for real when disposed.
/// </summary>
public static class PostgresPools
{
    /// <summary>The connection string of a pool on DATABASE_URL.</summary>
    public static NpgsqlConnectionStringBuilder Pooled(string databaseUrl)
    {
        var connection = Prepared(DatabaseUrl.Parse(databaseUrl));
        connection.NoResetOnClose = true;
        return connection;
    }

    /// <summary>Statements a pooled connection keeps prepared, the most used first (Npgsql's automatic preparation).</summary>
    internal const int AutoPrepared = 64;

    /// <summary>
    /// Turns on Npgsql's automatic preparation unless DATABASE_URL sets "Max Auto Prepare" itself (0 turns it off, for a
    /// pooler that cannot keep prepared statements, such as PgBouncer in transaction mode before 1.21). Every statement of
    /// the service and of Hangfire.PostgreSql is the same text each time with parameters, so after its second use a
    /// connection sends only its parameters: no parse and plan on the server, which were a quarter of PostgreSQL's CPU in a
    /// distributed run (README "Performance", (h)).
    /// </summary>
    public static NpgsqlConnectionStringBuilder Prepared(NpgsqlConnectionStringBuilder connection)
    {
        if (!connection.ConnectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            connection.MaxAutoPrepare = AutoPrepared;
            connection.AutoPrepareMinUsages = 2;
        }
        return connection;
    }

    /// <summary>A connection of its own for session state: disposing it ends the session, and its locks and LISTENs with it.</summary>
    public static async Task<NpgsqlConnection> OpenSessionAsync(string databaseUrl, CancellationToken cancellationToken)
    {
        var settings = DatabaseUrl.Parse(databaseUrl);
        settings.Pooling = false;
        var connection = new NpgsqlConnection(settings.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
