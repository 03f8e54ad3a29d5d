using System.Text.Json;
using DramaGen.Api;
using DramaGen.Generation.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DramaGen.Generation;

/// <summary>Reads the optional body of a generate route: none means defaults; anything else must be a valid request.</summary>
internal static class GenerateBody
{
    // Unknown members are ignored: the seeds' frontend sends extra fields (e.g. "resume").
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(GenerateRequest Body, BadRequest<ProblemDetails>? Error)> ReadAsync(HttpRequest http, int maxBytes,
        CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return (new GenerateRequest(), GenerationProblems.BadRequest($"The body is larger than {maxBytes} bytes."));
            }
        }
        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return (new GenerateRequest(), null);
        }
        GenerateRequest? body;
        try
        {
            body = JsonSerializer.Deserialize<GenerateRequest>(buffer.ToArray(), Json);
        }
        catch (JsonException e)
        {
            return (new GenerateRequest(), GenerationProblems.BadRequest($"The body is not a valid generate request: {e.Message}"));
        }
        if (body is null)
        {
            return (new GenerateRequest(), GenerationProblems.BadRequest("The body must be a JSON object such as {\"force\": false}."));
        }
        var errors = new Dictionary<string, string[]>();
        if (body.UserId is not null && !Ids.IsValid(body.UserId))
        {
            errors["user_id"] = ["use 1 to 64 of A-Z, a-z, 0-9, '_' and '-'"];
        }
        if (body.ProjectName is not null && !Ids.IsValid(body.ProjectName))
        {
            errors["project_name"] = ["use 1 to 64 of A-Z, a-z, 0-9, '_' and '-'"];
        }
        return errors.Count > 0 ? (body, GenerationProblems.BadRequest("The body has invalid fields.", errors)) : (body, null);
    }
}
