using System.Text;
using System.Text.Json;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace DramaGen.Tests.Providers;

/// <summary>Responses built by the enforcing stubs' callbacks (a status and a JSON body, or raw bytes).</summary>
internal static class StubAnswers
{
    public static ResponseMessage Json(int status, object body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { BodyAsString = JsonSerializer.Serialize(body), DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
    };

    public static ResponseMessage Bytes(byte[] content, string contentType) => new()
    {
        StatusCode = 200,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new(contentType) },
        BodyData = new BodyData { BodyAsBytes = content, DetectedBodyType = BodyType.Bytes },
    };
}
