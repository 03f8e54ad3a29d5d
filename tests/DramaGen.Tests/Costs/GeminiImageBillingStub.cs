using DramaGen.Tests.Providers;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace DramaGen.Tests.Costs;

/// <summary>
/// Gemini generateContent for images as the real API answers it: the key header required (401 in Google's shape
/// otherwise), one inline PNG and usageMetadata (1290 candidate tokens an image on gemini-2.5-flash-image). With
/// <c>firstAnswerCorrupt</c> the first answer is a paid 200 whose image is not base64, which our checks refuse.
/// </summary>
internal sealed class GeminiImageBillingStub
{
    public const int TokensPerImage = 1290;

    public GeminiImageBillingStub(WireMockServer server, string key, bool firstAnswerCorrupt = false)
    {
        var png = Convert.ToBase64String(TestFrames.Png(768, 1344));
        var calls = 0;
        server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/v1beta/models/[^/]+:generateContent$")).UsingPost())
            .RespondWith(Response.Create().WithCallback(message =>
                Answer(message, key, firstAnswerCorrupt && Interlocked.Increment(ref calls) == 1 ? "%%% not base64 %%%" : png)));
    }

    private static ResponseMessage Answer(IRequestMessage message, string key, string data)
    {
        if (ProviderTestHost.Header(message, "x-goog-api-key") != key)
        {
            return StubAnswers.Json(401, new { error = new { code = 401, message = "API key not valid. Please pass a valid API key.", status = "UNAUTHENTICATED" } });
        }
        var promptTokens = (message.Body?.Length ?? 0) / 4;
        return StubAnswers.Json(200, new
        {
            candidates = new[] { new { content = new { parts = new[] { new { inlineData = new { mimeType = "image/png", data } } }, role = "model" }, finishReason = "STOP" } },
            usageMetadata = new { promptTokenCount = promptTokens, candidatesTokenCount = TokensPerImage, totalTokenCount = promptTokens + TokensPerImage },
            responseId = "resp-" + Guid.NewGuid().ToString("N")[..8],
            modelVersion = "gemini-2.5-flash-image",
        });
    }
}
