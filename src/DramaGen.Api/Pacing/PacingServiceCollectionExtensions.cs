using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DramaGen.Pacing;

public static class PacingServiceCollectionExtensions
{
    /// <summary>
    /// The process-wide limits on provider calls. Idempotent: both features that call providers (authoring and
    /// generation) add it, and they share one set of pools. Needs ProvidersOptions bound.
    /// </summary>
    public static IServiceCollection AddPacing(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CapacityPools>();
        return services;
    }
}
