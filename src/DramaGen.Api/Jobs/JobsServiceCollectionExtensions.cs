namespace DramaGen.Jobs;

public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton<FileJobStore>();
        services.AddSingleton<IJobStore>(provider => provider.GetRequiredService<FileJobStore>());
        services.AddSingleton<JobRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<JobRetention>());
        return services;
    }
}
