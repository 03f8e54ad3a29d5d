using DramaGen.Http;

namespace DramaGen.Dramas;

public static class DramasServiceCollectionExtensions
{
    public static IServiceCollection AddDramas(this IServiceCollection services)
    {
        services.AddSingleton<IExceptionProblems, DramaExceptionProblems>();
        services.AddSingleton<DramaIndex>();
        services.AddSingleton<DramaOwners>();
        services.AddSingleton<IDramaOwners>(provider => provider.GetRequiredService<DramaOwners>());
        services.AddSingleton<DramaRepository>();
        services.AddSingleton<DramaValidator>();
        return services;
    }
}
