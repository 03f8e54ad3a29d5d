namespace DramaGen.Generation;

// PLACEHOLDER: generate, audition, resume and plan routes.
public static class GenerationEndpoints
{
    public static IEndpointRouteBuilder MapGeneration(this IEndpointRouteBuilder routes) => routes;
}
