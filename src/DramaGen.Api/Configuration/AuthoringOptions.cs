using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

/// <summary>How much writing, improving and critiquing work may wait for the text provider.</summary>
public sealed class AuthoringOptions
{
    /// <summary>Authoring jobs waiting to start; when full a request is refused with 503 + Retry-After and writes no job.</summary>
    [ConfigurationKeyName("AUTHORING_QUEUE_CAPACITY"), Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1_000;
}
