using System.Text.Json;
using DramaGen.Dramas;
using DramaGen.Providers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static DramaGen.Tests.Providers.OpenAI.ChatAnswers;

namespace DramaGen.Tests.Providers.OpenAI;

public sealed class OpenAITextProviderTests : IDisposable
{
    private const string Path = "/v1/chat/completions";
    private static readonly DramaBrief Brief = new("A lighthouse keeper's daughter finds a lantern that shows the future.", 1, 2);

    private readonly ProviderTestHost _host = ProviderTestHost.Start();

    public void Dispose() => _host.Dispose();

    private IRequestBuilder Chat => Request.Create().WithPath(Path).UsingPost();

    private void Answer(object body, int status = 200) =>
        _host.Server.Given(Chat).RespondWith(Response.Create().WithStatusCode(status).WithBodyAsJson(body));

    /// <summary>Answers in turn, one per request, staying on the last.</summary>
    private void AnswerInTurn(params object[] bodies)
    {
        for (var turn = 0; turn < bodies.Length; turn++)
        {
            var mapping = _host.Server.Given(Chat).InScenario("turns");
            if (turn > 0)
            {
                mapping = mapping.WhenStateIs($"turn{turn}");
            }
            if (turn < bodies.Length - 1)
            {
                mapping = mapping.WillSetStateTo($"turn{turn + 1}");
            }
            mapping.RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(bodies[turn]));
        }
    }

    private static int MaxTokens(WireMock.IRequestMessage request) =>
        ProviderTestHost.Json(request).GetProperty("max_completion_tokens").GetInt32();

    [Fact]
    public async Task Write_sends_a_strict_schema_with_the_requested_counts_and_parses_the_draft()
    {
        Answer(Completion(Json(Draft)));

        var draft = await _host.Text.WriteAsync(Brief);

        Assert.Equal(Json(Draft), Json(draft));
        var request = Assert.Single(_host.RequestsTo("POST", Path));
        Assert.Equal($"Bearer {ProviderTestHost.Key}", ProviderTestHost.Header(request, "Authorization"));
        var body = ProviderTestHost.Json(request);
        Assert.Equal("gpt-5", body.GetProperty("model").GetString());
        Assert.Equal(1000, body.GetProperty("max_completion_tokens").GetInt32());
        var format = body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
        var schema = format.GetProperty("json_schema").GetProperty("schema");
        AssertStrict(schema);
        var episodes = schema.GetProperty("properties").GetProperty("episodes");
        Assert.Equal(1, episodes.GetProperty("minItems").GetInt32());
        Assert.Equal(1, episodes.GetProperty("maxItems").GetInt32());
        Assert.Equal(2, episodes.GetProperty("items").GetProperty("properties").GetProperty("scenes").GetProperty("maxItems").GetInt32());
        var line = episodes.GetProperty("items").GetProperty("properties").GetProperty("scenes").GetProperty("items")
            .GetProperty("properties").GetProperty("lines").GetProperty("items");
        Assert.Equal(["speaker", "text", "direction"], line.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        var prompt = string.Join("\n", body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Contains(Brief.Premise, prompt);
        Assert.Contains("exactly 1 episode(s)", prompt);
        Assert.Contains("exactly 2 scene(s)", prompt);
        Assert.Contains("in the language of the premise", prompt);
        Assert.Contains("in that character's own voice", prompt);
    }

    /// <summary>Strict mode: every object closes its properties and requires all of them.</summary>
    private static void AssertStrict(JsonElement schema)
    {
        if (schema.GetProperty("type").GetString() == "object")
        {
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
            var names = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
            Assert.Equal(names, schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order().ToList());
            foreach (var property in schema.GetProperty("properties").EnumerateObject())
            {
                AssertStrict(property.Value);
            }
        }
        else if (schema.GetProperty("type").GetString() == "array")
        {
            AssertStrict(schema.GetProperty("items"));
        }
    }

    [Fact]
    public async Task Truncated_answer_is_never_parsed_and_is_asked_again_with_more_tokens()
    {
        var whole = Json(Draft);
        AnswerInTurn(Completion(whole[..(whole.Length / 2)], "length"), Completion(whole));

        var draft = await _host.Text.WriteAsync(Brief);

        Assert.Equal(whole, Json(draft));
        var requests = _host.RequestsTo("POST", Path);
        Assert.Equal(2, requests.Count);
        Assert.Equal(1000, MaxTokens(requests[0]));
        Assert.Equal(2000, MaxTokens(requests[1]));
    }

    [Fact]
    public async Task Every_answer_reports_its_token_usage_for_the_TEXT_TPM_correction()
    {
        var whole = Json(Draft);
        AnswerInTurn(Completion(whole[..(whole.Length / 2)], "length"), Completion(whole));
        var usage = TokenUsage.Collect();

        await _host.Text.WriteAsync(Brief);

        // The cut-off attempt counts as much as the answer: 30 tokens each, as the stub's usage says.
        Assert.Equal(60, usage.Tokens);
    }

    [Fact]
    public async Task Answer_truncated_even_at_the_token_cap_fails_without_parsing()
    {
        var whole = Json(Draft);
        Answer(Completion(whole[..20], "length"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Text.WriteAsync(Brief));

        Assert.False(failure.IsRetryable);
        Assert.Contains("cut off", failure.Message);
        Assert.Equal([1000, 2000, 4000], _host.RequestsTo("POST", Path).Select(MaxTokens));
    }

    [Fact]
    public async Task Invalid_json_is_asked_again_once_then_fails_for_good()
    {
        Answer(Completion("{\"title\": \"half"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Text.WriteAsync(Brief));

        Assert.False(failure.IsRetryable);
        Assert.Contains("unusable", failure.Message);
        Assert.Equal(2, _host.Requests.Count);
    }

    [Fact]
    public async Task Wrong_episode_count_is_asked_again_and_the_right_answer_is_used()
    {
        var twoEpisodes = Draft with { Episodes = [Draft.Episodes[0], Draft.Episodes[0]] };
        AnswerInTurn(Completion(Json(twoEpisodes)), Completion(Json(Draft)));

        var draft = await _host.Text.WriteAsync(Brief);

        Assert.Single(draft.Episodes);
        Assert.Equal(2, _host.Requests.Count);
    }

    [Fact]
    public async Task Schema_mismatch_with_a_missing_property_is_rejected()
    {
        Answer(Completion("""{"title":"T","synopsis":"S","characters":[],"episodes":[]}"""));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Text.WriteAsync(Brief));

        Assert.False(failure.IsRetryable);
        Assert.Contains("style", failure.Message);
    }

    [Fact]
    public async Task Throttled_request_waits_for_Retry_After_then_succeeds_without_the_sdk_retrying_on_its_own()
    {
        _host.Server.Given(Chat).InScenario("throttle").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "5")
                .WithBodyAsJson(new { error = new { message = "Rate limit reached", type = "requests" } }));
        _host.Server.Given(Chat).InScenario("throttle").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(Completion(Json(Draft))));

        var (draft, elapsed) = await _host.RunAsync(() => _host.Text.WriteAsync(Brief));

        Assert.Equal("The Last Lantern", draft.Title);
        Assert.Equal(2, _host.Requests.Count);
        // RETRY_BASE_DELAY_MS is 0: the only wait is the honoured Retry-After.
        Assert.Equal(TimeSpan.FromSeconds(5), elapsed);
    }

    [Fact]
    public async Task Server_errors_fail_after_MAX_RETRIES_plus_one_attempts()
    {
        Answer(new { error = new { message = "The server had an error", type = "server_error" } }, status: 500);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Text.WriteAsync(Brief));

        // MAX_RETRIES=2: three attempts in all; the SDK's own retries would multiply this.
        Assert.Equal(3, _host.Requests.Count);
        Assert.True(failure.IsRetryable);
        Assert.Contains("500", failure.Message);
        Assert.Contains("The server had an error", failure.Message);
    }

    [Fact]
    public async Task Rejected_request_is_not_retried()
    {
        Answer(new { error = new { message = "Invalid value for 'model': 'gpt-x' does not exist", type = "invalid_request_error" } }, status: 400);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Text.WriteAsync(Brief));

        Assert.Single(_host.Requests);
        Assert.False(failure.IsRetryable);
        Assert.Contains("Invalid value for 'model'", failure.Message);
    }

    [Fact]
    public async Task Garbage_answer_is_a_clear_failure()
    {
        _host.Server.Given(Chat).RespondWith(Response.Create().WithStatusCode(200).WithBody("not json at all"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Text.WriteAsync(Brief));

        Assert.False(failure.IsRetryable);
        Assert.Equal("openai", failure.Provider);
        Assert.Contains("not a chat completion", failure.Message);
    }

    [Fact]
    public async Task Improve_sends_the_current_drama_and_the_feedback_and_asks_to_keep_names()
    {
        Answer(Completion(Json(Draft)));
        var current = new Drama
        {
            Title = "Old Lantern",
            Characters = [new Character { Id = "c001", Name = "Mara", Description = "daughter" }],
            Episodes = [new Episode { Id = "e001", Title = "Pilot", Scenes = [new Scene
            {
                Id = "s001", Title = "Attic", Characters = ["c001"],
                Assets = [new DramaAsset { Id = "a001", Type = AssetTypes.Video, Tag = "clip", Prompt = "Mara opens the hatch" }],
            }] }],
        };

        var draft = await _host.Text.ImproveAsync(current, "Make the ending darker");

        Assert.Equal("The Last Lantern", draft.Title);
        var prompt = ProviderTestHost.Json(Assert.Single(_host.Requests)).GetProperty("messages")[1].GetProperty("content").GetString()!;
        Assert.Contains("Make the ending darker", prompt);
        Assert.Contains("\"Old Lantern\"", prompt);
        Assert.Contains("\"characters\":[\"Mara\"]", prompt);
        Assert.Contains("Mara opens the hatch", prompt);
        Assert.Contains("Keep the exact names", prompt);
    }

    [Fact]
    public async Task Critique_reads_scores_and_notes_through_its_own_schema()
    {
        Answer(Completion(Json(Critique)));

        var critique = await _host.Text.CritiqueAsync(new Drama { Title = "T" });

        Assert.Equal(Json(Critique), Json(critique));
        var format = ProviderTestHost.Json(Assert.Single(_host.Requests)).GetProperty("response_format").GetProperty("json_schema");
        Assert.Equal("drama_critique", format.GetProperty("name").GetString());
        AssertStrict(format.GetProperty("schema"));
    }

    [Fact]
    public async Task Critique_score_outside_the_scale_is_rejected()
    {
        Answer(Completion(Json(Critique with { Overall = 42 })));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Text.CritiqueAsync(new Drama { Title = "T" }));

        Assert.Contains("1..10", failure.Message);
    }

    [Fact]
    public async Task Content_filtered_answer_fails_once_and_is_not_retried()
    {
        Answer(Completion("", "content_filter"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Text.WriteAsync(Brief));

        Assert.Single(_host.Requests);
        Assert.False(failure.IsRetryable);
        Assert.Contains("content filter", failure.Message);
    }

    [Fact]
    public async Task Refusal_fails_once_with_the_models_words()
    {
        Answer(new
        {
            id = "chatcmpl-9", @object = "chat.completion", created = 1_760_000_000, model = "gpt-5",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = (string?)null, refusal = "I can't help with that." }, finish_reason = "stop" } },
        });

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Text.WriteAsync(Brief));

        Assert.Single(_host.Requests);
        Assert.False(failure.IsRetryable);
        Assert.Contains("I can't help with that.", failure.Message);
    }
}
