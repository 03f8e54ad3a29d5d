using System.Diagnostics;
using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation.Planning;
using DramaGen.Jobs.Postgres;
using DramaGen.Providers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DramaGen.Bench;

/// <summary>
/// (h) WORK_DISTRIBUTION=hangfire: nodes per second of one large run on 1 and on 3 engines (service containers in this
/// process, each with its Hangfire server) sharing one PostgreSQL and one STORAGE_DIR, providers that only wait (zero
/// latency). Each measure gets a database of its own. Where the time goes: PostgreSQL transactions per node, and from
/// Hangfire's state history the time a node job waited to be fetched and the time it ran.
/// </summary>
public static class DistributionBench
{
    /// <summary>The three measures: the engine alone on PostgreSQL, Hangfire on 1 instance, on 3.</summary>
    public static readonly IReadOnlyList<(string Mode, int Instances)> AllConfigurations = [("local", 1), ("hangfire", 1), ("hangfire", 3)];

    /// <param name="dramaOf">The drama to run, by id: each run of a measure gets one of its own, all of one shape.</param>
    /// <param name="configurations">Which of <see cref="AllConfigurations"/> to measure (--configs local,h1,h3).</param>
    /// <param name="settings">Settings on top of the bench's (--set NAME=VALUE, e.g. HANGFIRE_BATCH=1 to compare).</param>
    /// <param name="warmups">Runs of each measure's engines before it is measured (--warmups): a service runs many runs, and
    /// the first runs of a process pay for its start (about 5,000 methods compiled and tiered up with Hangfire). On the
    /// 2-core machine of the README's figures the CPU a node of h3 fell over the first three runs of 2,025 nodes (6 -> 4.5
    /// -> 2.8 ms in the process), then more slowly. 0 measures a process's first run.</param>
    /// <param name="repeats">Measured runs of each measure (--repeats), each printed, then their median.</param>
    public static async Task RunAsync(string databaseUrl, Func<string, Drama> dramaOf, int imageCap, int videoCap,
        IReadOnlyList<(string Mode, int Instances)> configurations, IReadOnlyDictionary<string, string> settings, int warmups, int repeats)
    {
        var nodes = DramaGraph.Build(dramaOf("drama_h")).Nodes.Count;
        Console.WriteLine($"(h) work distribution through Hangfire on PostgreSQL: {nodes} nodes, zero-latency providers, caps image {imageCap} video {videoCap}, HANGFIRE_WORKERS {imageCap + videoCap} per instance, "
            + $"engines in this process on one database and one STORAGE_DIR under {MediaParent()}; each measure's engines run {warmups} warm-up run{(warmups == 1 ? "" : "s")} first");
        // The first line is the engine alone on PostgreSQL (WORK_DISTRIBUTION=local): what Hangfire adds is the difference.
        if (settings.Count > 0)
        {
            Console.WriteLine($"    settings: {string.Join(", ", settings.Select(setting => $"{setting.Key}={setting.Value}"))}");
        }
        foreach (var (mode, instances) in configurations)
        {
            await using var database = await BenchDatabase.CreateAsync(databaseUrl);
            var storage = SharedStorageDirectory();
            var engines = new List<BenchEngine>();
            try
            {
                for (var i = 0; i < instances; i++)
                {
                    engines.Add(await StartEngineAsync(database.Url, mode, storage, imageCap, videoCap, settings));
                }
                var leader = engines[0];
                for (var warmup = 1; warmup <= warmups; warmup++)
                {
                    var drama = dramaOf($"drama_h_warmup{warmup}");
                    await leader.Dramas.CreateAsync(drama);
                    await leader.RunAsync(drama.Id!);
                }
                var measure = $"{mode}, {instances} instance{(instances == 1 ? "" : "s")}";
                var rates = new List<double>();
                for (var repeat = 1; repeat <= repeats; repeat++)
                {
                    var label = repeats == 1 ? measure : $"{measure}, run {repeat} of {repeats}";
                    rates.Add(await MeasureAsync(database, leader, dramaOf($"drama_h_run{repeat}"), mode, label));
                }
                if (repeats > 1)
                {
                    rates.Sort();
                    Console.WriteLine($"    {measure}: median of {repeats} runs **{rates[repeats / 2]:F0} nodes/s** "
                        + $"(runs {string.Join(", ", rates.Select(rate => rate.ToString("F0")))})");
                }
            }
            finally
            {
                foreach (var engine in Enumerable.Reverse(engines))
                {
                    await engine.DisposeAsync();
                }
                try { Directory.Delete(storage, recursive: true); } catch (IOException) { }
            }
        }
        Console.WriteLine();
    }

    /// <summary>A service container with every hosted service; the first one started leads (it holds the engine lock), every
    /// one runs a Hangfire server.</summary>
    private static async Task<BenchEngine> StartEngineAsync(string databaseUrl, string mode, string storage, int imageCap, int videoCap,
        IReadOnlyDictionary<string, string> settings)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["JOB_STORE"] = "postgres",
            ["DATABASE_URL"] = databaseUrl,
            ["WORK_DISTRIBUTION"] = mode,
            // As many workers as nodes can be in flight: one instance alone never makes a node wait for a worker.
            ["HANGFIRE_WORKERS"] = (imageCap + videoCap).ToString(),
            ["STORAGE_DIR"] = storage,
            ["IMAGE_MAX_CONCURRENCY"] = imageCap.ToString(),
            ["VIDEO_MAX_CONCURRENCY"] = videoCap.ToString(),
            ["EPISODE_CUTS"] = "false",
            ["CHARACTER_VIEWS"] = "",
        };
        foreach (var (name, value) in settings)
        {
            configuration[name] = value;
        }
        var engine = new BenchEngine(configuration, services =>
        {
            var latency = new BenchLatency(0);
            services.AddSingleton<IImageProvider>(new BenchImageProvider(latency));
            services.AddSingleton<IVideoProvider>(new BenchVideoProvider(latency));
        });
        try
        {
            await engine.StartAllAsync();
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>One measured run of <paramref name="drama"/>, printed; its nodes a second.</summary>
    private static async Task<double> MeasureAsync(BenchDatabase database, BenchEngine leader, Drama drama, string mode, string label)
    {
        await leader.Dramas.CreateAsync(drama);
        await database.ResetStatementsAsync();
        var hangfireJobsBefore = mode == "local" ? 0 : await database.LastHangfireJobAsync();
        var commitsBefore = await database.CommitsAsync();
        var cpu = CpuTime.Of(await database.BackendPidAsync());
        var cpuBefore = cpu.Now();
        var jitBefore = (Methods: System.Runtime.JitInfo.GetCompiledMethodCount(), Time: System.Runtime.JitInfo.GetCompilationTime());
        var watch = Stopwatch.StartNew();
        var parent = await leader.RunAsync(drama.Id!);
        var elapsed = watch.Elapsed.TotalSeconds;
        var cpuAfter = cpu.Now();
        var jitAfter = (Methods: System.Runtime.JitInfo.GetCompiledMethodCount(), Time: System.Runtime.JitInfo.GetCompilationTime());
        var commits = await database.CommitsAsync() - commitsBefore;
        var counts = leader.Jobs.CountChildren(parent.JobId);
        var children = leader.Jobs.ListChildren(parent.JobId);
        var providerNodes = children.Count(child => child.JobType is "image" or "video" or "speech");
        var byInstance = children
            .GroupBy(child => child.Metadata["instance"]?.GetValue<string>() ?? "(leader, no provider call)")
            .Select(group => group.Count()).OrderDescending();
        var rate = counts.Total / elapsed;
        Console.WriteLine($"    {label}: {counts.Completed}/{counts.Total} completed ({parent.Status}) in {elapsed:F2} s = "
            + $"**{rate:F0} nodes/s**; executed per instance: {string.Join(" / ", byInstance)}");
        foreach (var (calls, statement) in await database.StatementsAsync(int.TryParse(Environment.GetEnvironmentVariable("BENCH_STATEMENTS"), out var top) ? top : 12))
        {
            Console.WriteLine($"        {calls / (double)counts.Total,6:F2} per node  {statement}");
        }
        var executing = await database.NodeExecutionAsync(parent.JobId);
        Console.WriteLine($"      {commits / (double)counts.Total:F1} PostgreSQL transactions per node; a node's own execution (its job running -> completed): "
            + $"median {executing.Median:F1} ms, p95 {executing.P95:F1} ms");
        Console.WriteLine($"      {DescribeCpu(cpuBefore, cpuAfter, counts.Total)}");
        // Part of this process's CPU: methods compiled during the run (tiering up, and code new to this process).
        Console.WriteLine($"      of which JIT: {jitAfter.Methods - jitBefore.Methods} methods compiled, "
            + $"{(jitAfter.Time - jitBefore.Time).TotalMilliseconds / counts.Total:F2} ms a node");
        if (mode != "local")
        {
            var hangfireJobs = await database.LastHangfireJobAsync() - hangfireJobsBefore;
            Console.WriteLine($"      {hangfireJobs} Hangfire jobs, {providerNodes / (double)Math.Max(1, hangfireJobs):F1} provider nodes a job (HANGFIRE_BATCH)");
            var (fetch, run) = await database.HangfireTimesAsync(after: hangfireJobsBefore);
            Console.WriteLine($"      Hangfire job enqueued -> fetched: median {fetch.Median:F1} ms, "
                + $"p95 {fetch.P95:F1} ms; fetched -> succeeded (the node job with its own execution): median {run.Median:F1} ms, p95 {run.P95:F1} ms");
        }
        return rate;
    }

    /// <summary>
    /// Where the instances' shared STORAGE_DIR goes: BENCH_MEDIA_DIR, else tmpfs (/dev/shm) where the machine has it, else the
    /// temp directory. Instances that share media keep them in R2 (a local STORAGE_DIR is one machine's), so the bench's local
    /// store stands in for a store elsewhere. On the shared machine of these figures creating a file on its ext4 disk cost
    /// the kernel about 1 ms of CPU (a profile of h3: a quarter of the process's CPU in ext4_create, scanning the inode
    /// table for recently deleted inodes that other work churns), a cost of that disk that no deployment pays per node.
    /// </summary>
    private static string MediaParent() =>
        Environment.GetEnvironmentVariable("BENCH_MEDIA_DIR") is { Length: > 0 } chosen ? chosen
        : Directory.Exists("/dev/shm") ? "/dev/shm"
        : Path.GetTempPath();

    private static string SharedStorageDirectory() =>
        Directory.CreateDirectory(Path.Combine(MediaParent(), "dramagen-bench-shared-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    /// <summary>
    /// The CPU a node cost (this process: engines, Hangfire, Npgsql; the PostgreSQL server), and the nodes a second the
    /// machine's cores could run at that cost: what the wall clock would show on a quiet machine at best.
    /// </summary>
    private static string DescribeCpu((double Process, double? Server) before, (double Process, double? Server) after, int nodes)
    {
        var process = (after.Process - before.Process) * 1000 / nodes;
        if (before.Server is not { } serverBefore || after.Server is not { } serverAfter)
        {
            return $"CPU per node: this process {process:F2} ms (PostgreSQL's not readable here)";
        }
        var server = (serverAfter - serverBefore) * 1000 / nodes;
        return $"CPU per node: this process {process:F2} ms, PostgreSQL {server:F2} ms; "
            + $"{Environment.ProcessorCount} cores at that cost: at most {Environment.ProcessorCount * 1000 / (process + server):F0} nodes/s";
    }

    /// <summary>A database of its own on the given server, dropped at the end.</summary>
    private sealed class BenchDatabase : IAsyncDisposable
    {
        private readonly NpgsqlConnectionStringBuilder _server;
        private readonly NpgsqlDataSource _own;

        private BenchDatabase(NpgsqlConnectionStringBuilder server, string name)
        {
            _server = server;
            Name = name;
            var own = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name };
            Url = own.ConnectionString;
            _own = NpgsqlDataSource.Create(own.ConnectionString);
        }

        public string Name { get; }
        public string Url { get; }

        public static async Task<BenchDatabase> CreateAsync(string url)
        {
            var server = DatabaseUrl.Parse(url);
            var name = "dramagen_bench_" + Guid.NewGuid().ToString("N")[..12];
            await using var admin = NpgsqlDataSource.Create(server.ConnectionString);
            await using var create = admin.CreateCommand($"CREATE DATABASE {name}");
            await create.ExecuteNonQueryAsync();
            return new BenchDatabase(server, name);
        }

        /// <summary>The process id of a backend of the server (its parent is the postmaster).</summary>
        public async Task<int> BackendPidAsync()
        {
            await using var select = _own.CreateCommand("SELECT pg_backend_pid()");
            return (int)(await select.ExecuteScalarAsync())!;
        }

        public async Task<long> CommitsAsync()
        {
            await using var flush = _own.CreateCommand("SELECT pg_stat_force_next_flush()");
            await flush.ExecuteNonQueryAsync();
            await using var clear = _own.CreateCommand("SELECT pg_stat_clear_snapshot()");
            await clear.ExecuteNonQueryAsync();
            await using var select = _own.CreateCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
            return (long)(await select.ExecuteScalarAsync())!;
        }

        /// <summary>
        /// Where pg_stat_statements is loaded (shared_preload_libraries, the extension in the server's database of the URL):
        /// the statements this database ran most often since <see cref="ResetStatementsAsync"/>. Nothing otherwise.
        /// </summary>
        public async Task<IReadOnlyList<(long Calls, string Statement)>> StatementsAsync(int top)
        {
            var statements = new List<(long, string)>();
            try
            {
                await using var admin = NpgsqlDataSource.Create(_server.ConnectionString);
                await using var select = admin.CreateCommand(
                    """
                    SELECT calls, regexp_replace(query, '\s+', ' ', 'g') FROM pg_stat_statements
                    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1) ORDER BY calls DESC LIMIT $2
                    """);
                select.Parameters.AddWithValue(Name);
                select.Parameters.AddWithValue(top);
                await using var reader = await select.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var statement = reader.GetString(1);
                    statements.Add((reader.GetInt64(0), statement.Length > 160 ? statement[..160] + "..." : statement));
                }
            }
            catch (PostgresException)
            {
                // No pg_stat_statements on this server.
            }
            return statements;
        }

        public async Task ResetStatementsAsync()
        {
            try
            {
                await using var admin = NpgsqlDataSource.Create(_server.ConnectionString);
                await using var reset = admin.CreateCommand("SELECT pg_stat_statements_reset()");
                await reset.ExecuteNonQueryAsync();
            }
            catch (PostgresException)
            {
            }
        }

        /// <summary>Median and p95 (ms) of the run's provider nodes' started_at -> completed_at (what NodeExecutor takes between its two writes).</summary>
        public async Task<(double Median, double P95)> NodeExecutionAsync(string parentJobId)
        {
            await using var select = _own.CreateCommand(
                """
                WITH t AS (
                    SELECT extract(epoch FROM (record->>'completed_at')::timestamptz - (record->>'started_at')::timestamptz) * 1000 AS ms
                    FROM dramagen_jobs WHERE parent_job_id = $1 AND record->>'job_type' IN ('image', 'video') AND record->>'started_at' IS NOT NULL)
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) FROM t
                """);
            select.Parameters.AddWithValue(parentJobId);
            await using var reader = await select.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.IsDBNull(0) ? 0 : reader.GetDouble(0), reader.IsDBNull(1) ? 0 : reader.GetDouble(1));
        }

        /// <summary>The id of the last Hangfire job created (ids count up from 1): the jobs after it are a later run's.</summary>
        public async Task<long> LastHangfireJobAsync()
        {
            await using var select = _own.CreateCommand("SELECT coalesce(max(id), 0) FROM hangfire.job");
            return (long)(await select.ExecuteScalarAsync())!;
        }

        /// <summary>Medians and p95s (ms) of enqueued -> processing and processing -> succeeded over the node jobs after job <paramref name="after"/>.</summary>
        public async Task<((double Median, double P95) Fetch, (double Median, double P95) Run)> HangfireTimesAsync(long after)
        {
            await using var select = _own.CreateCommand(
                """
                WITH t AS (
                    SELECT e.jobid,
                           extract(epoch FROM p.createdat - e.createdat) * 1000 AS fetch_ms,
                           extract(epoch FROM s.createdat - p.createdat) * 1000 AS run_ms
                    FROM hangfire.state e
                    JOIN hangfire.state p ON p.jobid = e.jobid AND p.name = 'Processing'
                    JOIN hangfire.state s ON s.jobid = e.jobid AND s.name = 'Succeeded'
                    WHERE e.name = 'Enqueued' AND e.jobid > $1)
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY fetch_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY fetch_ms),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY run_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY run_ms)
                FROM t
                """);
            select.Parameters.AddWithValue(after);
            await using var reader = await select.ExecuteReaderAsync();
            await reader.ReadAsync();
            double At(int i) => reader.IsDBNull(i) ? 0 : reader.GetDouble(i);
            return ((At(0), At(1)), (At(2), At(3)));
        }

        public async ValueTask DisposeAsync()
        {
            await _own.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(_server.ConnectionString);
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
