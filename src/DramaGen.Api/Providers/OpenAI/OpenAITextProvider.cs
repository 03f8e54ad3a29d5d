using System.ClientModel;
using DramaGen.Configuration;
using DramaGen.Dramas;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace DramaGen.Providers.OpenAI;

/// <summary>
/// Writes, improves and critiques dramas with GPT through structured output (strict JSON schemas).
/// A document cut off by the token limit is never parsed: the call is repeated with a larger limit.
/// </summary>
public sealed class OpenAITextProvider(
    IHttpClientFactory httpClients, IOptions<ProvidersOptions> options, ILogger<OpenAITextProvider> logger) : ITextProvider
{
    /// <summary>How far a truncated answer may grow the token limit, as a multiple of GPT_MAX_OUTPUT_TOKENS.</summary>
    internal const int TokenGrowthCap = 4;
    /// <summary>Answers that are whole but not usable (bad JSON, wrong counts) get this many more tries.</summary>
    internal const int InvalidAnswerRetries = 1;

    private readonly ProvidersOptions _options = options.Value;
    private readonly ProviderTextScrubber _scrubber = new(options.Value.Secrets);

    public string Name => "openai";
    public string Model => _options.GptModel;

    public Task<DraftDrama> WriteAsync(DramaBrief brief, CancellationToken cancellationToken = default) =>
        CompleteAsync(OpenAIPrompts.Write(brief), "draft_drama",
            DraftDramaSchemas.Drama(brief.Episodes, brief.ScenesPerEpisode),
            (DraftDrama drama) => StructuredOutput.DramaProblem(drama, brief.Episodes, brief.ScenesPerEpisode), cancellationToken);

    public Task<DraftDrama> ImproveAsync(Drama current, string feedback, CancellationToken cancellationToken = default) =>
        CompleteAsync(OpenAIPrompts.Improve(current, feedback), "draft_drama", DraftDramaSchemas.Drama(),
            (DraftDrama drama) => StructuredOutput.DramaProblem(drama, null, null), cancellationToken);

    public Task<DramaCritique> CritiqueAsync(Drama drama, CancellationToken cancellationToken = default) =>
        CompleteAsync(OpenAIPrompts.Critique(drama), "drama_critique", DraftDramaSchemas.Critique(),
            (DramaCritique critique) => StructuredOutput.CritiqueProblem(critique), cancellationToken);

    private async Task<T> CompleteAsync<T>(
        IReadOnlyList<ChatMessage> messages, string schemaName, BinaryData schema, Func<T, string?> problem,
        CancellationToken cancellationToken) where T : class
    {
        var maxTokens = _options.GptMaxOutputTokens;
        var tokenCap = _options.GptMaxOutputTokens * TokenGrowthCap;
        var invalidLeft = InvalidAnswerRetries;
        var relaxed = false;
        while (true)
        {
            ChatCompletion completion;
            try
            {
                completion = await CallAsync(messages, schemaName, schema, maxTokens, cancellationToken);
            }
            catch (ProviderException refused) when (!relaxed && refused.HttpStatus is { } status
                && RelaxedSchema.IsInvalidSchemaRefusal(status, refused.Message))
            {
                // Once: a gateway that does not know a strict-mode keyword gets the schema without them.
                relaxed = true;
                schema = RelaxedSchema.WithoutCountKeywords(schema);
                logger.LogWarning("{Schema}: the strict schema was refused ({Reason}); asking again without count keywords", schemaName, refused.Message);
                ProviderNotes.Add($"{Name}: strict schema refused ({_scrubber.Excerpt(refused.Message)}), retried without count keywords " +
                    $"({string.Join(", ", RelaxedSchema.CountKeywords)}); counts checked in code");
                continue;
            }
            if (completion.FinishReason == ChatFinishReason.Length)
            {
                if (maxTokens >= tokenCap)
                {
                    throw new ProviderException(Name,
                        $"the answer was cut off at {maxTokens} output tokens (GPT_MAX_OUTPUT_TOKENS x {TokenGrowthCap}); raise GPT_MAX_OUTPUT_TOKENS",
                        isRetryable: false);
                }
                logger.LogWarning("{Schema} cut off at {Tokens} output tokens; asking again with more", schemaName, maxTokens);
                maxTokens = Math.Min(maxTokens * 2, tokenCap);
                continue;
            }
            if (completion.FinishReason == ChatFinishReason.ContentFilter)
            {
                throw new ProviderException(Name, "the answer was withheld by the content filter", isRetryable: false);
            }
            var text = completion.Content.FirstOrDefault(part => part.Kind == ChatMessageContentPartKind.Text)?.Text;
            try
            {
                if (!string.IsNullOrEmpty(completion.Refusal))
                {
                    throw new ProviderException(Name, $"refused: {_scrubber.Excerpt(completion.Refusal)}", isRetryable: false);
                }
                return StructuredOutput.Parse(text ?? "", problem);
            }
            catch (InvalidStructuredOutputException invalid) when (invalidLeft-- > 0)
            {
                logger.LogWarning("{Schema} answer unusable ({Reason}); asking again", schemaName, invalid.Message);
            }
            catch (InvalidStructuredOutputException invalid)
            {
                throw new ProviderException(Name, $"{schemaName} answer unusable: {_scrubber.Excerpt(invalid.Message)}", isRetryable: false, invalid);
            }
        }
    }

    private async Task<ChatCompletion> CallAsync(
        IReadOnlyList<ChatMessage> messages, string schemaName, BinaryData schema, int maxTokens, CancellationToken cancellationToken)
    {
        var chatOptions = new ChatCompletionOptions
        {
            MaxOutputTokenCount = maxTokens,
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(schemaName, schema, jsonSchemaIsStrict: true),
        };
        try
        {
            // A client per call takes a fresh HttpClient from the factory, so handler rotation (DNS) keeps working.
            var chat = OpenAIChatClientFactory.Create(httpClients, _options);
            var completion = (await chat.CompleteChatAsync(messages, chatOptions, cancellationToken)).Value;
            // Every answer is billed by its usage, a cut-off one that is asked again included; and every attempt
            // counts against TEXT_TPM, a cut-off one as much as the answer used.
            ProviderUsage.Record(new BilledUsage(Name, Model, UsageUnits.InputTokens, completion.Usage?.InputTokenCount ?? 0));
            ProviderUsage.Record(new BilledUsage(Name, Model, UsageUnits.OutputTokens, completion.Usage?.OutputTokenCount ?? 0));
            TokenUsage.Add(completion.Usage?.TotalTokenCount ?? 0);
            return completion;
        }
        catch (Exception failure) when (failure is not (OperationCanceledException or ProviderException))
        {
            throw OpenAIFailures.Translate(failure, Name, _scrubber, "a chat completion");
        }
    }
}
