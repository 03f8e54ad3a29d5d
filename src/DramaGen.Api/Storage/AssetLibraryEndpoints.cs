namespace DramaGen.Storage;

// PLACEHOLDER: /asset-library routes.
public static class AssetLibraryEndpoints
{
    public static IEndpointRouteBuilder MapAssetLibrary(this IEndpointRouteBuilder routes) => routes;
}
