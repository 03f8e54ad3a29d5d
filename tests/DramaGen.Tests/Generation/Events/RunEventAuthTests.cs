using System.Net;
using System.Net.Http.Json;
using DramaGen.Generation.Events;
using DramaGen.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Events;

/// <summary>With API_KEYS set the events route takes X-API-Key or a stream token, since EventSource cannot send headers.</summary>
public sealed class RunEventAuthTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));

    private DramaGenApplication WithKeys() => new(new Dictionary<string, string?> { ["API_KEYS"] = "key-one,key-alice=alice" },
        services => services.AddSingleton<TimeProvider>(_clock));

    private static async Task<string> FinishedRunUrlAsync(DramaGenApplication app)
    {
        var store = app.Services.GetRequiredService<IJobStore>();
        var parent = await RunJobs.CreateAsync(store, "drama_a", "char_c001");
        await store.UpdateAsync(parent.JobId, job => job.Status = JobStatus.Completed);
        return $"/dramas/drama_a/jobs/{parent.JobId}/events";
    }

    private static async Task<StreamToken> TokenAsync(HttpClient client, string eventsUrl, string key = "key-one")
    {
        var parts = eventsUrl.Split('/'); // /dramas/{dramaId}/jobs/{jobId}/events
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/auth/stream-token?dramaId={parts[2]}&jobId={parts[4]}");
        request.Headers.Add("X-API-Key", key);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<StreamToken>())!;
    }

    [Fact]
    public async Task Events_without_key_or_token_are_401_problem()
    {
        await using var app = WithKeys();
        var response = await app.CreateClient().GetAsync(await FinishedRunUrlAsync(app));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Events_with_the_api_key_header_stream()
    {
        await using var app = WithKeys();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", "key-one");
        await using var stream = await SseReader.OpenAsync(client, await FinishedRunUrlAsync(app));
        Assert.Equal("end", (await stream.ReadToEndAsync())[^1].Event);
    }

    [Fact]
    public async Task Events_with_a_stream_token_stream_and_the_token_expires_after_five_minutes()
    {
        await using var app = WithKeys();
        var client = app.CreateClient();
        var url = await FinishedRunUrlAsync(app);
        var token = await TokenAsync(client, url);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(5), token.ExpiresAt);

        await using (var stream = await SseReader.OpenAsync(client, url + "?token=" + Uri.EscapeDataString(token.Token)))
        {
            Assert.Equal("end", (await stream.ReadToEndAsync())[^1].Event);
        }

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(url + "?token=" + Uri.EscapeDataString(token.Token))).StatusCode);
    }

    [Fact]
    public async Task Tampered_token_is_401()
    {
        await using var app = WithKeys();
        var client = app.CreateClient();
        var url = await FinishedRunUrlAsync(app);
        var token = (await TokenAsync(client, url)).Token;
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(url + "?token=" + Uri.EscapeDataString(tampered))).StatusCode);
    }

    [Fact]
    public async Task Stream_token_needs_the_api_key()
    {
        await using var app = WithKeys();
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync("/auth/stream-token", null)).StatusCode);
    }

    [Fact]
    public async Task Token_does_not_open_other_routes()
    {
        await using var app = WithKeys();
        var client = app.CreateClient();
        var token = (await TokenAsync(client, await FinishedRunUrlAsync(app))).Token;
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/dramas?token=" + Uri.EscapeDataString(token))).StatusCode);
    }

    [Fact]
    public async Task Token_of_one_job_does_not_open_another_job_or_drama()
    {
        await using var app = WithKeys();
        var client = app.CreateClient();
        var url = await FinishedRunUrlAsync(app);
        var other = await FinishedRunUrlAsync(app);
        var token = Uri.EscapeDataString((await TokenAsync(client, url)).Token);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url + "?token=" + token, HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(other + "?token=" + token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(url.Replace("drama_a", "drama_b") + "?token=" + token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(url + "?token=" + token + "%3D")).StatusCode); // a trailing '='
    }

    [Fact]
    public async Task Stream_token_names_an_existing_job_the_key_may_see()
    {
        await using var app = WithKeys();
        var client = app.CreateClient();
        var url = await FinishedRunUrlAsync(app); // an admin's drama: alice has no drama_a

        using var unnamed = new HttpRequestMessage(HttpMethod.Post, "/auth/stream-token");
        unnamed.Headers.Add("X-API-Key", "key-one");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(unnamed)).StatusCode);

        var parts = url.Split('/');
        foreach (var (query, key) in new[] { ($"dramaId=drama_a&jobId=job_missing", "key-one"), ($"dramaId=drama_b&jobId={parts[4]}", "key-one"),
            ($"dramaId=drama_a&jobId={parts[4]}", "key-alice") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/stream-token?" + query);
            request.Headers.Add("X-API-Key", key);
            Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
        }
    }
}
