using DramaGen.Configuration;
using DramaGen.Jobs.Postgres;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DramaGen.Generation.Distribution;

public static class WorkDistributionExtensions
{
    /// <summary>The Hangfire queue of node jobs.</summary>
    public const string Queue = "default";

    /// <summary>
    /// The leader's side, which the engine always has (<see cref="RemoteNodes"/>, doing nothing unless hangfire), and its settings.
    /// </summary>
    public static IServiceCollection AddRemoteNodes(this IServiceCollection services)
    {
        services.TryAddSingleton<IValidateOptions<WorkDistributionOptions>, EnvironmentNameValidator<WorkDistributionOptions>>();
        services.AddOptions<WorkDistributionOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.Bind(options))
            .ValidateOnStart();
        services.AddSingleton<ClusterInstance>();
        services.AddSingleton<LiveRuns>();
        services.AddSingleton<RemoteNodes>();
        return services;
    }

    /// <summary>
    /// WORK_DISTRIBUTION=hangfire with JOB_STORE=postgres: Hangfire on the same PostgreSQL (schema "hangfire"), its client, and a Hangfire server on
    /// this instance unless HANGFIRE_WORKERS=0. Decided from the configuration at start-up.
    /// </summary>
    public static WebApplicationBuilder AddWorkDistribution(this WebApplicationBuilder builder)
    {
        builder.Services.AddWorkDistribution(builder.Configuration);
        return builder;
    }

    /// <inheritdoc cref="AddWorkDistribution(WebApplicationBuilder)"/>
    public static IServiceCollection AddWorkDistribution(this IServiceCollection services, IConfiguration configuration)
    {
        // Hangfire's types appear only in the method called: a service without it never loads Hangfire's assemblies (#15).
        return WorkDistributionOptions.IsOn(configuration) ? services.AddHangfireDistribution(configuration) : services;
    }

    private static IServiceCollection AddHangfireDistribution(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.Get<WorkDistributionOptions>() ?? new WorkDistributionOptions();
        services.AddSingleton<NodeDispatches>();
        services.AddSingleton<NodeJobBatcher>();
        services.AddSingleton<IHangfireWorkers, HangfireWorkers>();
        services.AddSingleton<RemoteRunViews>();
        services.AddTransient<NodeJob>();
        // Before AddHangfire, which adds Hangfire's global filters only where no provider is registered.
        services.AddSingleton<IJobFilterProvider, NodeJobFilters>();
        services.AddHangfire((provider, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                bootstrap => bootstrap.UseNpgsqlConnection(HangfireConnectionString(
                    provider.GetRequiredService<IOptions<JobStoreOptions>>().Value.DatabaseUrl!, options.LongPolling)),
                new PostgreSqlStorageOptions
                {
                    // Installed by HangfireSchemaStartup, one instance at a time.
                    PrepareSchemaIfNecessary = false,
                    // Idle workers are woken by NodeJobWakeups (or, with HANGFIRE_LONG_POLLING, by Hangfire.PostgreSql's NOTIFY
                    // of each new job); the poll is the safety net.
                    EnableLongPolling = options.LongPolling,
                    QueuePollInterval = TimeSpan.FromMilliseconds(options.PollMs),
                    // A live worker keeps extending it: only a dead instance's job is taken over, after this long.
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = TimeSpan.FromSeconds(options.InvisibilitySeconds),
                }));
        services.AddSingleton<NodeJobWakeups>();
        services.AddHostedService(provider => provider.GetRequiredService<NodeJobWakeups>());
        services.AddSingleton<HangfireSchemaStartup>();
        services.AddHostedService(provider => provider.GetRequiredService<HangfireSchemaStartup>());
        if (options.Workers > 0)
        {
            services.AddHangfireServer((provider, server) =>
            {
                server.WorkerCount = options.Workers;
                server.Queues = [Queue];
                server.ServerName = provider.GetRequiredService<ClusterInstance>().Name;
                // Jobs are built by this service's container (Hangfire's default activator is process-wide: the last one configured).
                server.Activator = new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
            });
        }
        return services;
    }

    /// <summary>
    /// Hangfire's own pool. Without long polling its connections hold no session state (its locks are rows), so they are not
    /// reset on close (<see cref="PostgresPools"/>); with it, a worker LISTENs on a pooled connection and leaves it listening,
    /// which only the reset (DISCARD ALL) undoes.
    /// </summary>
    private static string HangfireConnectionString(string databaseUrl, bool longPolling) =>
        longPolling ? PostgresPools.Prepared(DatabaseUrl.Parse(databaseUrl)).ConnectionString : PostgresPools.Pooled(databaseUrl).ConnectionString;

    /// <summary>
    /// The Hangfire dashboard at /hangfire when Hangfire is on: read-only, and behind the API keys like every route that is not
    /// public (ApiKeyMiddleware runs first; Hangfire's own local-requests-only filter would refuse every remote operator).
    /// </summary>
    public static WebApplication MapWorkDistribution(this WebApplication app)
    {
        if (WorkDistributionOptions.IsOn(app.Configuration))
        {
            MapHangfireDashboard(app);
        }
        return app;
    }

    private static void MapHangfireDashboard(WebApplication app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AuthorizedByApiKey()],
            IsReadOnlyFunc = _ => true,
            DisplayStorageConnectionString = false,
            AppPath = null,
        });

    private sealed class AuthorizedByApiKey : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => true;
    }
}

/// <summary>
/// Installs or upgrades Hangfire's tables before its server starts, under the job store's migration lock (instances start at
/// once). The engine, which may start first, waits for <see cref="Ready"/> before it enqueues anything.
/// </summary>
public sealed class HangfireSchemaStartup(NpgsqlDataSource database) : IHostedService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({JobStoreSchema.MigrationLock})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            PostgreSqlObjectsInstaller.Install(connection);
            _ready.TrySetResult();
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({JobStoreSchema.MigrationLock})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
