namespace DramaGen.Dramas;

public static class DramaEndpoints
{
    public static IEndpointRouteBuilder MapDramas(this IEndpointRouteBuilder routes) => routes;
}
