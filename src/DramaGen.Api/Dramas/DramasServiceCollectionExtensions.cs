namespace DramaGen.Dramas;

public static class DramasServiceCollectionExtensions
{
    public static IServiceCollection AddDramas(this IServiceCollection services)
    {
        services.AddSingleton<DramaIndex>();
        services.AddSingleton<DramaRepository>();
        return services;
    }
}
