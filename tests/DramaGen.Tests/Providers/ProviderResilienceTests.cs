using DramaGen.Providers;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace DramaGen.Tests.Providers;

/// <summary>
/// The provider pipeline against a stub that enforces throttling and outages: bursts that retries absorb
/// never fail a call nor open the circuit; an open circuit makes a call wait for it to close.
/// </summary>
public sealed class ProviderResilienceTests
{
    private const string Path = "/v1beta/models/gemini-2.5-flash-image:generateContent";
    private const int Images = 15;
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 5, 6, 7, 8];

    private static readonly object ImageAnswer = new
    {
        responseId = "resp-7",
        candidates = new[] { new { finishReason = "STOP", content = new { parts = new[] { new { inlineData = new { mimeType = "image/png", data = Convert.ToBase64String(Png) } } } } } },
    };

    private static string Prompt(int shot) => $"shot {shot:D2} of the harbour at dawn";

    /// <summary>Per prompt: each failure in turn, then 200 for that prompt from then on.</summary>
    private static void FailEachPromptThenAnswer(ProviderTestHost host, params (int Status, string? RetryAfter)[] failures)
    {
        for (var shot = 0; shot < Images; shot++)
        {
            var scenario = $"prompt-{shot}";
            var match = Request.Create().WithPath(Path).UsingPost().WithBody(new WildcardMatcher($"*{Prompt(shot)}*"));
            for (var step = 0; step < failures.Length; step++)
            {
                var response = Response.Create().WithStatusCode(failures[step].Status)
                    .WithBodyAsJson(new { error = new { code = failures[step].Status, message = "try again" } });
                if (failures[step].RetryAfter is { } retryAfter)
                {
                    response = response.WithHeader("Retry-After", retryAfter);
                }
                var given = host.Server.Given(match).InScenario(scenario);
                (step == 0 ? given : given.WhenStateIs($"failed-{step}")).WillSetStateTo($"failed-{step + 1}").RespondWith(response);
            }
            host.Server.Given(match).InScenario(scenario).WhenStateIs($"failed-{failures.Length}")
                .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(ImageAnswer));
        }
    }

    private static async Task<IReadOnlyList<GeneratedMedia>> GenerateAllAsync(ProviderTestHost host)
    {
        var (media, _) = await host.RunAsync(() => Task.WhenAll(Enumerable.Range(0, Images)
            .Select(shot => host.Images.GenerateImageAsync(new ImageRequest(Prompt(shot), "9:16", [])))));
        return media;
    }

    [Fact]
    public async Task Two_429s_with_Retry_After_per_prompt_never_fail_a_call_within_MAX_RETRIES()
    {
        using var host = ProviderTestHost.Start(("MAX_RETRIES", "2"));
        FailEachPromptThenAnswer(host, (429, "1"), (429, "1"));

        var media = await GenerateAllAsync(host);

        Assert.All(media, image => Assert.Equal(Png, image.Content));
        Assert.Equal(Images * 3, host.RequestsTo("POST", Path).Count);
    }

    [Fact]
    public async Task One_503_per_prompt_is_absorbed_by_retries_and_does_not_open_the_circuit()
    {
        using var host = ProviderTestHost.Start(("MAX_RETRIES", "2"));
        FailEachPromptThenAnswer(host, (503, null));

        var media = await GenerateAllAsync(host);

        Assert.All(media, image => Assert.Equal(Png, image.Content));
        Assert.Equal(Images * 2, host.RequestsTo("POST", Path).Count);
    }

    [Fact]
    public async Task A_call_meeting_an_open_circuit_waits_for_it_to_close_instead_of_failing()
    {
        using var host = ProviderTestHost.Start(("MAX_RETRIES", "0"));
        host.Server.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        for (var call = 0; call < ProviderResilience.CircuitMinimumThroughput; call++)
        {
            await Assert.ThrowsAsync<ProviderException>(() => host.Images.GenerateImageAsync(new ImageRequest(Prompt(call), "9:16", [])));
        }
        host.Server.Reset();
        host.Server.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(ImageAnswer));

        var (media, elapsed) = await host.RunAsync(() => host.Images.GenerateImageAsync(new ImageRequest(Prompt(0), "9:16", [])));

        Assert.Equal(Png, media.Content);
        // Nothing was sent while the circuit was open: the one request after the outage is the probe that closed it.
        Assert.Single(host.RequestsTo("POST", Path));
        Assert.True(elapsed >= ProviderResilience.CircuitBreakDuration, $"waited {elapsed}");
    }

    [Fact]
    public async Task A_call_meeting_an_outage_that_outlasts_the_break_fails_with_the_providers_answer_after_one_probe()
    {
        using var host = ProviderTestHost.Start(("MAX_RETRIES", "0"));
        host.Server.Given(Request.Create().WithPath(Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(503).WithBodyAsJson(new { error = new { code = 503, message = "The model is overloaded." } }));
        for (var call = 0; call < ProviderResilience.CircuitMinimumThroughput; call++)
        {
            await Assert.ThrowsAsync<ProviderException>(() => host.Images.GenerateImageAsync(new ImageRequest(Prompt(call), "9:16", [])));
        }

        var started = host.Time.GetUtcNow();
        var failure = await Assert.ThrowsAsync<ProviderException>(() =>
            host.RunAsync(() => host.Images.GenerateImageAsync(new ImageRequest(Prompt(0), "9:16", []))));

        Assert.True(failure.IsRetryable);
        Assert.Contains("overloaded", failure.Message);
        Assert.Equal(ProviderResilience.CircuitMinimumThroughput + 1, host.RequestsTo("POST", Path).Count);
        Assert.True(host.Time.GetUtcNow() - started >= ProviderResilience.CircuitBreakDuration, "failed without waiting for the circuit");
    }
}
