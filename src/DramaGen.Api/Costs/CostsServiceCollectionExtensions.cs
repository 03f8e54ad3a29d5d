using DramaGen.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DramaGen.Costs;

public static class CostsServiceCollectionExtensions
{
    /// <summary>The price table (validated at start-up), estimates and budgets. Idempotent; needs the jobs feature.</summary>
    public static IServiceCollection AddCosts(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CostOptions>, EnvironmentNameValidator<CostOptions>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CostOptions>, CostOptionsValidator>());
        services.AddOptions<CostOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.Bind(options))
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PriceTable>();
        services.TryAddSingleton<CostEstimator>();
        services.TryAddSingleton<Budgets>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, UnpricedModelsWarning>());
        return services;
    }
}
