using DramaGen.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DramaGen.Pacing;

public static class PacingServiceCollectionExtensions
{
    /// <summary>
    /// The process-wide limits on provider calls, and the part several instances share (request quotas and 429 pauses),
    /// which the job store in use provides under its JOB_STORE name, if it is shared. Idempotent: both features that call
    /// providers (authoring and generation) add it, and they share one set of pools. Needs ProvidersOptions bound.
    /// </summary>
    public static IServiceCollection AddPacing(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CapacityPools>();
        services.TryAddSingleton<IClusterQuotas>(provider =>
            provider.GetKeyedService<IClusterQuotas>(provider.GetService<IOptions<JobStoreOptions>>()?.Value.Kind) ?? ProcessQuotas.Instance);
        return services;
    }
}
