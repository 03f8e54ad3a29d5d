using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using NpgsqlTypes;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// A parent's children as JSON, page by page, in one statement (dramagen_child_page): each read sends the row versions
/// (xmin) of the page as this instance last read it, and PostgreSQL sends back every child's version but the record only
/// of those that changed since, or are new to the page. A poll of a 10,000-node run reads its 1,000 children's JSON (a
/// megabyte) once, then what changed. The version is the transaction that wrote the row: every update writes a new row
/// version in its own transaction, so a changed record never keeps its xmin, whichever instance changed it.
/// </summary>
internal sealed class PostgresChildPages : IDisposable
{
    /// <summary>How much of the children's JSON the pages keep: 16 pages of 1,000 children.</summary>
    public const long CacheBytes = 16 * 1024 * 1024;

    private const string Sql = "SELECT child_seq, child_version, child_record FROM dramagen_child_page($1, $2, $3, $4, $5)";
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(5);

    // Each page as last read, by parent, offset and limit.
    private readonly MemoryCache _pages = new(new MemoryCacheOptions { SizeLimit = CacheBytes });

    public void Dispose() => _pages.Dispose();

    /// <summary>The read of one page: its statement, to run alone or in a batch, then <see cref="PageRead.ReadFrom"/> on its rows.</summary>
    public PageRead Read(string parentJobId, int offset, int limit)
    {
        var key = (parentJobId, offset, limit);
        var known = _pages.TryGetValue(key, out Page? page) ? page! : Page.Empty;
        var command = new NpgsqlBatchCommand(Sql)
        {
            Parameters =
            {
                new NpgsqlParameter<string>{ TypedValue = parentJobId },
                new NpgsqlParameter<long> { TypedValue = offset },
                new NpgsqlParameter<long> { TypedValue = limit },
                new NpgsqlParameter<long[]> { TypedValue = known.Seqs },
                new NpgsqlParameter<uint[]> { TypedValue = known.Versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Xid },
            },
        };
        return new PageRead(this, key, known, command);
    }

    private void Keep((string, int, int) key, Page page) =>
        _pages.Set(key, page, new MemoryCacheEntryOptions { Size = page.Bytes, SlidingExpiration = Kept });

    /// <summary>One read of a page, and the copy its statement was built on (a read in parallel may keep a newer one meanwhile).</summary>
    internal sealed class PageRead(PostgresChildPages pages, (string, int, int) key, Page known, NpgsqlBatchCommand command)
    {
        public NpgsqlBatchCommand Command { get; } = command;

        /// <summary>Reads the statement's rows (the reader at its result set), keeps the page and returns its JSON.</summary>
        public RawJsonArray ReadFrom(NpgsqlDataReader reader)
        {
            var seqs = new List<long>();
            var versions = new List<uint>();
            var json = new List<byte[]>();
            var at = 0;
            while (reader.Read())
            {
                var seq = reader.GetInt64(0);
                seqs.Add(seq);
                versions.Add(reader.GetFieldValue<uint>(1));
                if (!reader.IsDBNull(2))
                {
                    json.Add(reader.GetFieldValue<byte[]>(2));
                    continue;
                }
                // Unchanged since the known copy: both are in creation order, so the copy is found walking forward.
                while (known.Seqs[at] != seq)
                {
                    at++;
                }
                json.Add(known.Json[at]);
            }
            // A child deleted since is left out.
            pages.Keep(key, new Page([.. seqs], [.. versions], [.. json]));
            return new RawJsonArray(json);
        }
    }

    /// <summary>A page as this instance last read it: its children's seq, row version and JSON, in creation order.</summary>
    internal sealed record Page(long[] Seqs, uint[] Versions, byte[][] Json)
    {
        public static readonly Page Empty = new([], [], []);

        public long Bytes { get; } = Json.Sum(item => (long)item.Length) + 12L * Seqs.Length;
    }
}
