namespace DramaGen.Generation;

// PLACEHOLDER: the generation engine registers its planner, scheduler and hosted service here.
public static class GenerationServiceCollectionExtensions
{
    public static IServiceCollection AddGeneration(this IServiceCollection services) => services;
}
