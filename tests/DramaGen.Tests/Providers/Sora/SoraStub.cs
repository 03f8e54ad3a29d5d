using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace DramaGen.Tests.Providers.Sora;

/// <summary>
/// A Sora (OpenAI Videos API) stub that enforces the real create rules and refuses with the real error shape:
/// `seconds` one of "4", "8", "12"; a known `size`; `input_reference` a JPEG, PNG or WebP of exactly that size
/// ("Inpaint image must match the requested width and height"). A valid create completes at the first poll; the first
/// <c>failingVideos</c> valid creates get videos of their own (<see cref="FailedVideoId"/>) that have failed at the first poll.
/// </summary>
internal sealed class SoraStub
{
    public const string VideoId = "video_stub01";
    public const string VideoError = "Video generation failed due to an internal error.";
    public static readonly byte[] Mp4 = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', 5, 5];
    private static readonly string[] Seconds = ["4", "8", "12"];
    private static readonly string[] Sizes = ["720x1280", "1280x720", "1024x1792", "1792x1024"];
    private static readonly string[] ImageTypes = ["image/jpeg", "image/png", "image/webp"];

    private readonly int _failingVideos;
    private int _creates;

    public SoraStub(WireMockServer server, int failingVideos = 0)
    {
        _failingVideos = failingVideos;
        server.Given(Request.Create().WithPath("/v1/videos").UsingPost()).RespondWith(Response.Create().WithCallback(Create));
        server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/v1/videos/video_failed[0-9]+$")).UsingGet())
            .RespondWith(Response.Create().WithCallback(request => StubAnswers.Json(200, new
            {
                id = request.Path["/v1/videos/".Length..], @object = "video", model = "sora-2", status = "failed", progress = 0,
                error = new { code = "internal_error", message = VideoError },
            })));
        server.Given(Request.Create().WithPath($"/v1/videos/{VideoId}").UsingGet())
            .RespondWith(Response.Create().WithBodyAsJson(Job("completed")));
        server.Given(Request.Create().WithPath($"/v1/videos/{VideoId}/content").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "video/mp4").WithBody(Mp4));
    }

    /// <summary>The video of the <paramref name="create"/>th valid create (1-based) when it is one that fails.</summary>
    public static string FailedVideoId(int create) => $"video_failed{create}";

    private static object Job(string status, string id = VideoId) => new { id, @object = "video", model = "sora-2", status, progress = 0, error = (object?)null };

    private ResponseMessage Create(IRequestMessage request)
    {
        var form = MultipartForm.Parse(request);
        if (!form.TryGetValue("prompt", out var prompt) || prompt.Text.Length == 0)
        {
            return Invalid("Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter");
        }
        var seconds = form.TryGetValue("seconds", out var s) ? s.Text : "4";
        if (!Seconds.Contains(seconds))
        {
            return Invalid($"Invalid value: '{seconds}'. Supported values are: '4', '8', and '12'.", "seconds", "invalid_value");
        }
        var size = form.TryGetValue("size", out var z) ? z.Text : "720x1280";
        if (!Sizes.Contains(size))
        {
            return Invalid($"Invalid value: '{size}'. Supported values are: '720x1280', '1280x720', '1024x1792', and '1792x1024'.", "size", "invalid_value");
        }
        if (form.TryGetValue("input_reference", out var reference))
        {
            if (!ImageTypes.Contains(reference.ContentType))
            {
                return Invalid($"Invalid file format '{reference.ContentType}'. Supported formats are image/jpeg, image/png and image/webp.",
                    "input_reference", "invalid_value");
            }
            var expected = size.Split('x').Select(int.Parse).ToArray();
            (int Width, int Height) actual;
            try
            {
                actual = TestFrames.SizeOf(reference.Bytes);
            }
            catch (InvalidOperationException)
            {
                return Invalid("The image could not be decoded.", "input_reference", "invalid_value");
            }
            if (actual.Width != expected[0] || actual.Height != expected[1])
            {
                return Invalid("Inpaint image must match the requested width and height", "input_reference", null);
            }
        }
        var create = Interlocked.Increment(ref _creates);
        return StubAnswers.Json(200, create <= _failingVideos ? Job("queued", FailedVideoId(create)) : Job("queued"));
    }

    private static ResponseMessage Invalid(string message, string param, string? code) =>
        StubAnswers.Json(400, new { error = new { message, type = "invalid_request_error", param, code } });
}
