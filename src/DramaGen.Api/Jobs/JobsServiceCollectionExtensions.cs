using DramaGen.Http;
using DramaGen.Jobs.Files;

namespace DramaGen.Jobs;

public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton<JobsDirectoryHealth>();
        services.AddFileJobStore();
        services.AddSingleton<IExceptionProblems, JobsExceptionProblems>();
        services.AddSingleton<JobRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<JobRetention>());
        return services;
    }
}
