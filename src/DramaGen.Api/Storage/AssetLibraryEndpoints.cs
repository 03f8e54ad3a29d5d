using DramaGen.Http;
using DramaGen.Storage.Assets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DramaGen.Storage;

/// <summary>/asset-library: list, upload, download, metadata and delete of stored media (contract.md).</summary>
public static class AssetLibraryEndpoints
{
    public static IEndpointRouteBuilder MapAssetLibrary(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/asset-library").WithTags("Asset library")
            .ProducesValidationProblem(400).ProducesProblem(401);
        group.MapGet("/list", ListAsync).WithSummary("Asset metadata of a user (default DEFAULT_USER_ID), optionally of one project, type and tag; newest first");
        group.MapPost("/upload", AssetUploadEndpoint.UploadAsync)
            .WithSummary("Upload a file (multipart: file, user_id, project_name, asset_type, tag, optional asset_id); its type is checked against its bytes")
            .Accepts<AssetUploadForm>("multipart/form-data")
            .ProducesProblem(413).ProducesProblem(415)
            .DisableAntiforgery();
        group.MapGet("/{assetId}", DownloadAsync).WithSummary("The asset's bytes with their content type (range requests supported)")
            .Produces(200, typeof(Stream), "application/octet-stream", ["image/png", "image/jpeg", "video/mp4", "audio/mpeg", "text/plain"])
            .ProducesProblem(404);
        group.MapGet("/{assetId}/metadata", GetMetadataAsync).WithSummary("The asset's metadata").ProducesProblem(404);
        group.MapDelete("/{assetId}", DeleteAsync).WithSummary("Delete the asset and its metadata").ProducesProblem(404);
        return routes;
    }

    public static async Task<Results<Ok<IReadOnlyList<AssetMetadata>>, ValidationProblem, ProblemHttpResult>> ListAsync(AssetLibrary library,
        HttpContext context, [FromQuery(Name = "user_id")] string? userId, [FromQuery(Name = "project_name")] string? projectName,
        [FromQuery(Name = "asset_type")] string? assetType, [FromQuery(Name = "tag")] string? tag, CancellationToken cancellationToken)
    {
        var checks = new AssetRequestChecks().UserId(userId).ProjectName(projectName, required: false)
            .AssetType(assetType, required: false, out var type).Tag(tag);
        if (checks.HasErrors) return TypedResults.ValidationProblem(checks.Errors);
        if (OwnUser(context, library, userId) is not { } user) return Caller.UnknownUser(userId);
        return TypedResults.Ok(await library.ListAsync(user, projectName, type, tag, cancellationToken));
    }

    public static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> DownloadAsync(AssetLibrary library,
        HttpContext context, string assetId, [FromQuery(Name = "user_id")] string? userId, [FromQuery(Name = "project_name")] string? projectName,
        HttpResponse response, CancellationToken cancellationToken)
    {
        var checks = Check(assetId, userId, projectName);
        if (checks.HasErrors) return TypedResults.ValidationProblem(checks.Errors);
        if (OwnUser(context, library, userId) is not { } user) return NotFound(assetId, projectName!);
        var asset = await library.GetAsync(user, projectName!, assetId, cancellationToken);
        if (asset is null) return NotFound(assetId, projectName!);
        // Uploaded text is served as text, never sniffed into HTML by a browser.
        response.Headers.XContentTypeOptions = "nosniff";
        var contentType = asset.ContentType == MediaTypes.Text ? "text/plain; charset=utf-8" : asset.ContentType;
        // Streamed, and seekable: a range request reads only its range from the store (the result disposes the stream).
        return TypedResults.File(asset.Content, contentType, lastModified: asset.Metadata.CreatedAt, enableRangeProcessing: true);
    }

    public static async Task<Results<Ok<AssetMetadata>, ValidationProblem, ProblemHttpResult>> GetMetadataAsync(AssetLibrary library,
        HttpContext context, string assetId, [FromQuery(Name = "user_id")] string? userId, [FromQuery(Name = "project_name")] string? projectName,
        CancellationToken cancellationToken)
    {
        var checks = Check(assetId, userId, projectName);
        if (checks.HasErrors) return TypedResults.ValidationProblem(checks.Errors);
        if (OwnUser(context, library, userId) is not { } user) return NotFound(assetId, projectName!);
        var metadata = await library.GetMetadataAsync(user, projectName!, assetId, cancellationToken);
        return metadata is null ? NotFound(assetId, projectName!) : TypedResults.Ok(metadata);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(AssetLibrary library,
        HttpContext context, string assetId, [FromQuery(Name = "user_id")] string? userId, [FromQuery(Name = "project_name")] string? projectName,
        CancellationToken cancellationToken)
    {
        var checks = Check(assetId, userId, projectName);
        if (checks.HasErrors) return TypedResults.ValidationProblem(checks.Errors);
        if (OwnUser(context, library, userId) is not { } user) return NotFound(assetId, projectName!);
        return await library.DeleteAsync(user, projectName!, assetId, cancellationToken)
            ? TypedResults.NoContent()
            : NotFound(assetId, projectName!);
    }

    /// <summary>The user whose space the request reads: any for an admin key, only its own for an owned key (else null).</summary>
    private static string? OwnUser(HttpContext context, AssetLibrary library, string? userId) =>
        context.GetCaller().UserIdFor(userId, library.DefaultUserId);

    private static AssetRequestChecks Check(string assetId, string? userId, string? projectName) =>
        new AssetRequestChecks().AssetId(assetId).UserId(userId).ProjectName(projectName);

    private static ProblemHttpResult NotFound(string assetId, string projectName) =>
        Problems.NotFound($"Asset '{assetId}' was not found in project '{projectName}'.");
}
