using System.Net;
using System.Net.Http.Json;
using DramaGen.Authoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DramaGen.Tests.Authoring;

/// <summary>A full authoring queue refuses at once (503 + Retry-After) and leaves no pending job behind.</summary>
public sealed class AuthoringQueueTests
{
    [Fact]
    public async Task A_full_queue_answers_503_with_retry_after_and_writes_no_job()
    {
        // Without the worker nothing leaves the queue, so "full" is exact rather than a race with it.
        await using var app = new DramaGenApplication(new Dictionary<string, string?> { ["AUTHORING_QUEUE_CAPACITY"] = "2" }, services =>
        {
            var worker = services.Single(service => service.ServiceType == typeof(IHostedService) && service.ImplementationType == typeof(AuthoringWorker));
            services.Remove(worker);
        });
        var client = app.CreateClient();

        var accepted = new[]
        {
            await client.PostAsJsonAsync("/dramas", new { premise = "One" }),
            await client.PostAsJsonAsync("/dramas", new { premise = "Two" }),
        };
        var refused = await client.PostAsJsonAsync("/dramas", new { premise = "Three" });

        Assert.All(accepted, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(2, Directory.EnumerateFiles(app.JobsDir, "*.json").Count());
    }
}
