using DramaGen.Configuration;
using DramaGen.Costs;
using DramaGen.Dramas;
using DramaGen.Generation.Cuts;
using DramaGen.Generation.Distribution;
using DramaGen.Generation.Estimates;
using DramaGen.Generation.Events;
using DramaGen.Generation.Inputs;
using DramaGen.Generation.Media;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Generation.Scheduling;
using DramaGen.Generation.State;
using DramaGen.Generation.Subtitles;
using DramaGen.Jobs;
using DramaGen.Pacing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation;

public static class GenerationServiceCollectionExtensions
{
    /// <summary>The planner, state, scheduler and the hosted worker that runs generation DAGs.</summary>
    public static IServiceCollection AddGeneration(this IServiceCollection services)
    {
        services.TryAddSingleton<IValidateOptions<GenerationOptions>, EnvironmentNameValidator<GenerationOptions>>();
        services.AddOptions<GenerationOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.Bind(options))
            .ValidateOnStart();
        services.TryAddSingleton<IValidateOptions<CutOptions>, EnvironmentNameValidator<CutOptions>>();
        services.AddOptions<CutOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.Bind(options))
            .ValidateOnStart();
        // The host waits for the worker's drain: a little longer than the grace, so the last job writes land.
        services.AddOptions<HostOptions>().Configure<IOptions<GenerationOptions>>((host, generation) =>
        {
            var drain = TimeSpan.FromSeconds(generation.Value.ShutdownGraceSeconds) + TimeSpan.FromSeconds(5);
            host.ShutdownTimeout = drain > host.ShutdownTimeout ? drain : host.ShutdownTimeout;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRunEventPublisher, NullRunEventPublisher>();
        services.TryAddSingleton<IGeneratedMediaSink, ObjectStoreMediaSink>();

        services.AddSingleton<IDependencyRules, PlannerDependencyRules>();
        services.AddSingleton<GenerationProviders>();
        services.AddSingleton(provider => new NodePrompts(
            provider.GetRequiredService<GenerationProviders>(), provider.GetRequiredService<IOptions<ServiceOptions>>().Value,
            provider.GetRequiredService<IOptions<CutOptions>>().Value));
        services.AddSingleton<DramaStateStore>();
        services.AddSingleton<ReferenceLoader>();
        services.AddSingleton<EpisodeCutter>();
        services.AddSingleton<CutPreviews>();
        services.AddSingleton<AssetReferences>();

        services.AddSingleton<LatencyEstimates>();
        services.AddSingleton<RunEtas>();
        services.AddSingleton<IRunProgress>(provider => provider.GetRequiredService<RunEtas>());
        services.AddSingleton<SchedulerActivity>();
        services.AddPacing();
        services.AddCosts();
        services.AddSingleton<NodeExecutor>();
        services.AddRemoteNodes();
        services.AddSingleton<NodeRunner>();
        // One scheduling strategy per process, chosen once from SCHEDULER_MODE.
        services.AddSingleton<IRunScheduler>(provider => provider.GetRequiredService<IOptions<GenerationOptions>>().Value.IsLevelMode
            ? ActivatorUtilities.CreateInstance<LevelScheduler>(provider)
            : ActivatorUtilities.CreateInstance<EagerScheduler>(provider));

        services.AddSingleton<RunPlanner>();
        services.AddSingleton<RunCheckpointer>();
        services.AddSingleton<RunPreparer>();
        services.AddSingleton<RunOutcomes>();
        services.AddSingleton<SubtitlePublisher>();
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<ShutdownGrace>();
        services.AddSingleton<RunQueue>();
        services.AddSingleton<RunDispatcher>();
        services.AddSingleton<GenerationRuns>();
        services.AddSingleton<PlanReader>();
        services.AddSingleton<RunCostEstimates>();
        services.AddHostedService<GenerationWorker>();
        return services;
    }
}
