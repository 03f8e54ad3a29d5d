using System.Text.Json;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace DramaGen.Tests.Providers.Veo;

/// <summary>How the stub hands the finished sample back.</summary>
public enum VeoSampleDelivery
{
    /// <summary>`video.uri`, downloaded with the key (the Gemini API's usual answer).</summary>
    Uri,
    /// <summary>`video.encodedVideo` + `encoding` (the SDK's inline field).</summary>
    EncodedVideo,
    /// <summary>`video.bytesBase64Encoded` + `mimeType` (Vertex-shaped gateways).</summary>
    BytesBase64Encoded,
}

/// <summary>
/// A Veo (Gemini API predictLongRunning) stub that enforces the real request rules with Google's error shape:
/// the key header; `durationSeconds` a JSON number in {4, 6, 8}; a first frame as {bytesBase64Encoded, mimeType}
/// (`inlineData` is refused). The operation is done at the first poll, with the sample delivered as configured.
/// </summary>
internal sealed class VeoStub
{
    public const string Operation = "models/veo-3.1-fast-generate-preview/operations/opstub1";
    public const string FilePath = "/v1beta/files/stubvid:download";
    public static readonly byte[] Mp4 = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', 6, 6];
    private static readonly int[] Durations = [4, 6, 8];

    public VeoStub(WireMockServer server, string key, VeoSampleDelivery delivery, string? sampleUri = null)
    {
        server.Given(Request.Create().WithPath(new RegexMatcher("^/v1beta/models/[^/]+:predictLongRunning$")).UsingPost())
            .RespondWith(Response.Create().WithCallback(request => Start(request, key)));
        server.Given(Request.Create().WithPath("/v1beta/" + Operation).UsingGet())
            .RespondWith(Response.Create().WithBodyAsJson(Done(delivery, sampleUri ?? server.Url + FilePath + "?alt=media")));
        server.Given(Request.Create().WithPath(FilePath).UsingGet())
            .RespondWith(Response.Create().WithCallback(request => ProviderTestHost.Header(request, "x-goog-api-key") == key
                ? StubAnswers.Bytes(Mp4, "video/mp4")
                : Error(403, "Method doesn't allow unregistered callers.", "PERMISSION_DENIED")));
    }

    private static object Done(VeoSampleDelivery delivery, string uri)
    {
        var base64 = Convert.ToBase64String(Mp4);
        object video = delivery switch
        {
            VeoSampleDelivery.EncodedVideo => new { encodedVideo = base64, encoding = "video/mp4" },
            VeoSampleDelivery.BytesBase64Encoded => new { bytesBase64Encoded = base64, mimeType = "video/mp4" },
            _ => new { uri },
        };
        return new { name = Operation, done = true, response = new { generateVideoResponse = new { generatedSamples = new[] { new { video } } } } };
    }

    private static ResponseMessage Start(IRequestMessage request, string key)
    {
        if (ProviderTestHost.Header(request, "x-goog-api-key") != key)
        {
            return Error(401, "API key not valid. Please pass a valid API key.", "UNAUTHENTICATED");
        }
        var body = JsonDocument.Parse(request.Body ?? "{}").RootElement;
        var instance = body.GetProperty("instances")[0];
        if (!instance.TryGetProperty("prompt", out var prompt) || string.IsNullOrEmpty(prompt.GetString()))
        {
            return Error(400, "A prompt is required.", "INVALID_ARGUMENT");
        }
        if (body.GetProperty("parameters").TryGetProperty("durationSeconds", out var duration))
        {
            if (duration.ValueKind != JsonValueKind.Number)
            {
                return Error(400, $"Invalid JSON payload received. Invalid value at 'parameters.duration_seconds' (TYPE_INT32), {duration.GetRawText()}",
                    "INVALID_ARGUMENT");
            }
            if (!Durations.Contains(duration.GetInt32()))
            {
                return Error(400, $"The number value for `durationSeconds` is out of bound. Please provide a value between 4 and 8, inclusive.",
                    "INVALID_ARGUMENT");
            }
        }
        if (instance.TryGetProperty("referenceImages", out var references))
        {
            // Veo 3.1: "Up to three images"; not with image, video or lastFrame; durationSeconds must be 8.
            if (instance.TryGetProperty("lastFrame", out _) || instance.TryGetProperty("image", out _))
            {
                return Error(400, "`referenceImages` cannot be combined with `image` or `lastFrame`.", "INVALID_ARGUMENT");
            }
            if (references.GetArrayLength() > 3)
            {
                return Error(400, $"At most 3 reference images are supported, got {references.GetArrayLength()}.", "INVALID_ARGUMENT");
            }
            if (!body.GetProperty("parameters").TryGetProperty("durationSeconds", out var seconds) || seconds.GetInt32() != 8)
            {
                return Error(400, "`durationSeconds` must be 8 when using reference images.", "INVALID_ARGUMENT");
            }
            if (references.EnumerateArray().Any(reference => reference.GetProperty("referenceType").GetString() != "asset"
                || !reference.GetProperty("image").TryGetProperty("bytesBase64Encoded", out _)))
            {
                return Error(400, "Each reference image needs image.bytesBase64Encoded and referenceType \"asset\".", "INVALID_ARGUMENT");
            }
        }
        if (instance.TryGetProperty("lastFrame", out var lastFrame) && (!instance.TryGetProperty("image", out _)
            || !lastFrame.TryGetProperty("bytesBase64Encoded", out _)))
        {
            return Error(400, "`lastFrame` must be used in combination with `image`.", "INVALID_ARGUMENT");
        }
        if (instance.TryGetProperty("image", out var image))
        {
            if (image.TryGetProperty("inlineData", out _))
            {
                return Error(400, "`inlineData` isn't supported by this model.", "INVALID_ARGUMENT");
            }
            if (!image.TryGetProperty("bytesBase64Encoded", out var bytes) || !image.TryGetProperty("mimeType", out _))
            {
                return Error(400, "Image requires bytesBase64Encoded and mimeType.", "INVALID_ARGUMENT");
            }
            try
            {
                TestFrames.SizeOf(Convert.FromBase64String(bytes.GetString()!));
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                return Error(400, "Unable to process input image.", "INVALID_ARGUMENT");
            }
        }
        return StubAnswers.Json(200, new { name = Operation });
    }

    private static ResponseMessage Error(int code, string message, string status) =>
        StubAnswers.Json(code, new { error = new { code, message, status } });
}
