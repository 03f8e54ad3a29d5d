using DramaGen.Configuration;
using DramaGen.Costs;
using DramaGen.Pacing;

namespace DramaGen.Authoring;

public static class AuthoringServiceCollectionExtensions
{
    /// <summary>Writing, improving and critiquing dramas with the text provider, as background jobs.</summary>
    public static IServiceCollection AddAuthoring(this IServiceCollection services)
    {
        services.AddPacing();
        services.AddCosts();
        services.AddSingleton<DramaAuthoring>();
        services.AddSingleton<CrashPoints>();
        services.AddHostedService<AuthoringWorker>();
        return services;
    }
}
