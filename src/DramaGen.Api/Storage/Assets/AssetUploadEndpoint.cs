using System.Text.Json.Serialization;
using DramaGen.Http;
using DramaGen.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DramaGen.Storage.Assets;

/// <summary>
/// POST /asset-library/upload. The form is read by hand, not bound, so an oversized or malformed body is a
/// precise 413 or 400 problem detail instead of the framework's bare status.
/// </summary>
public static class AssetUploadEndpoint
{
    // Room for the boundaries and the small text fields around the file.
    private const long FormOverheadBytes = 64 * 1024;

    public static async Task<Results<Created<AssetMetadata>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpRequest request, AssetLibrary library, IOptions<LimitsOptions> limits)
    {
        var maxBytes = limits.Value.MaxUploadBytes;
        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Status(415, "The upload must be multipart/form-data with a 'file' part.");
        }
        if (request.ContentLength > maxBytes + FormOverheadBytes)
        {
            return TooLarge(maxBytes);
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBytes + FormOverheadBytes;
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBytes }, request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge(maxBytes);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Problems.BadRequest($"The multipart body could not be read: {e.Message}");
        }

        var checks = new AssetRequestChecks().UserId(Field(form, "user_id")).ProjectName(Field(form, "project_name"))
            .AssetType(Field(form, "asset_type"), required: true, out var assetType).Tag(Field(form, "tag")).AssetId(Field(form, "asset_id"));
        var file = form.Files.GetFile("file");
        if (file is null) checks.Add("file", "A 'file' part is required.");
        else if (file.Length == 0) checks.Add("file", "The file is empty.");
        if (checks.HasErrors) return TypedResults.ValidationProblem(checks.Errors);
        if (file!.Length > maxBytes) return TooLarge(maxBytes);
        if (request.HttpContext.GetCaller().UserIdFor(Field(form, "user_id"), library.DefaultUserId) is not { } userId)
        {
            return Caller.UnknownUser(Field(form, "user_id"));
        }

        // The form reader keeps a large file in a temp file (past 64 KB), so the upload streams from there to the store.
        await using var content = file.OpenReadStream();
        try
        {
            var metadata = await library.UploadAsync(new AssetUpload
            {
                UserId = userId, ProjectName = Field(form, "project_name")!, AssetId = Field(form, "asset_id"),
                Content = content, AssetType = assetType!.Value, Tag = Field(form, "tag") ?? "upload",
                Filename = file.FileName, ContentType = file.ContentType, Metadata = new AssetProvenance { Source = "upload" },
            }, request.HttpContext.RequestAborted);
            var location = $"/asset-library/{metadata.AssetId}?user_id={metadata.UserId}&project_name={metadata.ProjectName}";
            return TypedResults.Created(location, metadata);
        }
        catch (AssetRejectedException e)
        {
            return Problems.Status(415, e.Message);
        }
    }

    private static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && !string.IsNullOrEmpty(values.ToString()) ? values.ToString() : null;

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        Problems.Status(413, $"The file is larger than MAX_UPLOAD_BYTES ({maxBytes} bytes).");
}

/// <summary>The multipart form of an upload, for the OpenAPI document.</summary>
public sealed record AssetUploadForm(
    [property: JsonPropertyName("file")] IFormFile File,
    [property: JsonPropertyName("project_name")] string ProjectName,
    [property: JsonPropertyName("asset_type")] string AssetType,
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("tag")] string? Tag,
    [property: JsonPropertyName("asset_id")] string? AssetId);
