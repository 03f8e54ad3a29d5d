using System.Net.Http.Headers;
using System.Text;
using WireMock;

namespace DramaGen.Tests.Providers;

/// <summary>Parses a logged multipart/form-data request into its named parts.</summary>
internal sealed record FormPart(byte[] Bytes, string? ContentType, string? FileName)
{
    public string Text => Encoding.UTF8.GetString(Bytes);
}

internal static class MultipartForm
{
    public static IReadOnlyDictionary<string, FormPart> Parse(IRequestMessage request)
    {
        var contentType = MediaTypeHeaderValue.Parse(ProviderTestHost.Header(request, "Content-Type")!);
        var boundary = contentType.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var body = request.BodyAsBytes ?? Encoding.UTF8.GetBytes(request.Body ?? "");
        var parts = new Dictionary<string, FormPart>();
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var positions = new List<int>();
        for (var index = IndexOf(body, delimiter, 0); index >= 0; index = IndexOf(body, delimiter, index + delimiter.Length))
        {
            positions.Add(index);
        }
        for (var i = 0; i < positions.Count - 1; i++)
        {
            var start = positions[i] + delimiter.Length + 2; // skip CRLF after the boundary
            var end = positions[i + 1] - 2; // the CRLF before the next boundary
            var headerEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), start);
            var headers = Encoding.UTF8.GetString(body, start, headerEnd - start).Split("\r\n");
            var disposition = ContentDispositionHeaderValue.Parse(Value(headers, "Content-Disposition")!);
            var content = body[(headerEnd + 4)..end];
            parts[disposition.Name!.Trim('"')] = new FormPart(content, Value(headers, "Content-Type"), disposition.FileName?.Trim('"'));
        }
        return parts;
    }

    private static string? Value(string[] headers, string name) => headers
        .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
        .Select(line => line[(name.Length + 1)..].Trim())
        .FirstOrDefault();

    private static int IndexOf(byte[] haystack, byte[] needle, int from)
    {
        for (var i = from; i <= haystack.Length - needle.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }
        return -1;
    }
}
