using Npgsql;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// DATABASE_URL as Railway sets it (postgresql://user:pass@host:5432/db?sslmode=require) or as an Npgsql connection
/// string (Host=...;Username=...), turned into one Npgsql connection string. Its password is never part of a description.
/// </summary>
public static class DatabaseUrl
{
    /// <exception cref="FormatException">Neither form, or a URL without host or database; the message holds no password.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUrl(value);
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Host))
            {
                throw new FormatException("DATABASE_URL names no host.");
            }
            return builder;
        }
        catch (ArgumentException)
        {
            throw new FormatException("DATABASE_URL is neither a postgresql:// URL nor an Npgsql connection string.");
        }
    }

    /// <summary>Where it points, for logs and /health: user, host, port and database, never the password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";

    private static NpgsqlConnectionStringBuilder FromUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("DATABASE_URL is not a valid postgresql://user:password@host:port/database URL.");
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
        {
            throw new FormatException("DATABASE_URL names no database (postgresql://user:password@host:port/DATABASE).");
        }
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
            Username = Uri.UnescapeDataString(userInfo[0]),
        };
        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, setting) = pair.Split('=', 2) switch { [var k, var v] => (k, v), _ => (pair, "") };
            try
            {
                // sslmode=require and friends: libpq's names, which Npgsql mostly shares.
                builder[Uri.UnescapeDataString(key).Replace("sslmode", "SSL Mode", StringComparison.OrdinalIgnoreCase)] = Uri.UnescapeDataString(setting);
            }
            catch (ArgumentException)
            {
                throw new FormatException($"DATABASE_URL has an unknown parameter '{Uri.UnescapeDataString(key)}'.");
            }
        }
        return builder;
    }
}
