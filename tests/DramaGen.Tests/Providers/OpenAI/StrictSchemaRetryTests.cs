using System.Text.Json.Nodes;
using DramaGen.Providers;

namespace DramaGen.Tests.Providers.OpenAI;

/// <summary>The text client against a gateway that refuses strict-schema count keywords.</summary>
public sealed class StrictSchemaRetryTests : IDisposable
{
    private static readonly DramaBrief Brief = new("A lighthouse keeper's daughter finds a lantern that shows the future.", 1, 2);
    private readonly ProviderTestHost _host = ProviderTestHost.Start();

    public void Dispose() => _host.Dispose();

    private IReadOnlyList<JsonNode> SentSchemas() =>
        [.. _host.RequestsTo("POST", "/v1/chat/completions").Select(r => JsonNode.Parse(r.Body!)!["response_format"]!["json_schema"]!["schema"]!)];

    [Fact]
    public async Task Invalid_schema_gets_one_retry_without_count_keywords_and_the_job_is_told()
    {
        _ = new StrictSchemaGateway(_host.Server);
        var notes = ProviderNotes.Collect();

        var draft = await _host.Text.WriteAsync(Brief);

        Assert.Equal(ChatAnswers.Draft.Title, draft.Title);
        var schemas = SentSchemas();
        Assert.Equal(2, schemas.Count);
        Assert.Contains("\"minItems\"", schemas[0].ToJsonString());
        Assert.DoesNotContain("\"minItems\"", schemas[1].ToJsonString());
        Assert.DoesNotContain("\"maxItems\"", schemas[1].ToJsonString());
        // Still strict: the other rules stay.
        Assert.Contains("\"additionalProperties\":false", schemas[1].ToJsonString());
        var note = Assert.Single(notes.Items);
        Assert.Contains("strict schema refused", note);
        Assert.Contains("retried without count keywords", note);
    }

    [Fact]
    public async Task Critique_scores_lose_minimum_and_maximum_on_the_retry_and_are_still_checked_in_code()
    {
        _ = new StrictSchemaGateway(_host.Server);

        var critique = await _host.Text.CritiqueAsync(new DramaGen.Dramas.Drama { Title = "T" });

        Assert.Equal(ChatAnswers.Critique.Overall, critique.Overall);
        var schemas = SentSchemas();
        Assert.Contains("\"minimum\"", schemas[0].ToJsonString());
        Assert.DoesNotContain("\"minimum\"", schemas[1].ToJsonString());
    }

    [Fact]
    public async Task A_second_invalid_schema_answer_fails_without_a_third_call()
    {
        _ = new StrictSchemaGateway(_host.Server, refuseEverything: true);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Text.WriteAsync(Brief));

        Assert.False(failure.IsRetryable);
        Assert.Contains("Invalid schema", failure.Message);
        Assert.Equal(2, SentSchemas().Count);
    }
}
