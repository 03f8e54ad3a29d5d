using DramaGen.Configuration;
using DramaGen.Costs;
using DramaGen.Providers;
using DramaGen.Tests.Providers.Local;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Costs;

/// <summary>The price table: exact decimal prices from configuration, checked at start-up, unknown models never silently free.</summary>
public sealed class PriceTableTests
{
    private static PriceTable Table(params (string Key, string Value)[] prices)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(prices.Select(price => new KeyValuePair<string, string?>("PRICES:" + price.Key, price.Value)))
            .Build();
        var options = new CostOptions();
        configuration.Bind(options);
        return new PriceTable(Options.Create(options));
    }

    [Fact]
    public void Usage_is_priced_exactly_per_unit_with_a_size_specific_price_before_the_plain_one()
    {
        var table = Table(("openai:gpt-5:per_million_input_tokens", "1.25"), ("openai:gpt-5:per_million_output_tokens", "10"),
            ("sora:sora-2-pro:per_video_second_1024x1792", "0.5"), ("sora:sora-2-pro:per_video_second", "0.3"));

        var text = table.Sum([new BilledUsage("openai", "gpt-5", UsageUnits.InputTokens, 1_234), new BilledUsage("openai", "gpt-5", UsageUnits.OutputTokens, 5_678)]);

        // 1234 * 1.25 / 1e6 + 5678 * 10 / 1e6, in decimal: no binary rounding.
        Assert.Equal(0.0015425m + 0.05678m, text.Usd);
        Assert.False(text.Unpriced);
        Assert.Equal(4m, table.Price(new BilledUsage("sora", "sora-2-pro", UsageUnits.VideoSeconds, 8, "1024x1792")));
        Assert.Equal(2.4m, table.Price(new BilledUsage("sora", "sora-2-pro", UsageUnits.VideoSeconds, 8, "720x1280")));
    }

    [Fact]
    public void An_unknown_model_is_unpriced_not_free_while_the_embedded_providers_cost_nothing_unless_priced()
    {
        var table = Table(("gemini:gemini-2.5-flash-image:per_image", "0.039"), ("local:*:per_video_second", "0.01"));

        var unknown = table.Sum([new BilledUsage("gemini", "gemini-9-imaginary", UsageUnits.Images, 1), new BilledUsage("gemini", "gemini-2.5-flash-image", UsageUnits.Images, 2)]);

        Assert.True(unknown.Unpriced);
        Assert.Equal(0.078m, unknown.Usd);
        Assert.Null(unknown.Lines[0].Usd);
        Assert.False(table.IsPriced("gemini", "gemini-9-imaginary"));
        Assert.Equal(0m, table.Price(new BilledUsage("ffmpeg", "cut", UsageUnits.VideoSeconds, 60)));
        Assert.Equal(0.08m, table.Price(new BilledUsage("local", "local-zoom-v1@360", UsageUnits.VideoSeconds, 8)));
    }

    [Fact]
    public void The_shipped_defaults_price_every_default_model()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        var options = new CostOptions();
        configuration.Bind(options);
        var table = new PriceTable(Options.Create(options));
        var defaults = new ProvidersOptions();

        Assert.Equal("2026-12-04", options.PricesCheckedOn);
        Assert.True(table.IsPriced("openai", defaults.GptModel));
        Assert.True(table.IsPriced("openai", defaults.OpenAITtsModel));
        Assert.True(table.IsPriced("gemini", defaults.GeminiImageModel));
        Assert.True(table.IsPriced("gemini", defaults.GeminiTtsModel));
        Assert.True(table.IsPriced("veo", defaults.VeoModel));
        Assert.True(table.IsPriced("sora", defaults.SoraModel));
    }

    [Theory]
    [InlineData("PRICES:veo:veo-3.1-fast-generate-preview:per_video_second", "0,15", "is not a price")]
    [InlineData("PRICES:veo:veo-3.1-fast-generate-preview:per_video_second", "-1", "is not a price")]
    [InlineData("PRICES:veo:veo-3.1-fast-generate-preview:per_frame", "0.01", "unknown unit")]
    [InlineData("DAILY_BUDGET_USD", "-5", "DAILY_BUDGET_USD")]
    public async Task A_bad_price_or_budget_stops_start_up_naming_its_key(string key, string value, string message)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new(key, value)]);
        builder.Services.AddSingleton<DramaGen.Jobs.IJobStore>(_ => null!);
        builder.Services.AddValidatedOptions<ProvidersOptions>(builder.Configuration);
        builder.Services.AddCosts();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, failure.Message);
        Assert.Contains(key.Split(':')[0], failure.Message);
    }

    [Fact]
    public async Task A_model_in_use_without_a_price_is_a_start_up_warning()
    {
        var providers = new ProvidersOptions
        {
            TextProvider = "local", ImageProvider = "gemini", VideoProvider = "local", SpeechProvider = "local", GeminiApiKey = "k", GeminiImageModel = "gemini-9-imaginary",
        };
        var logger = new CollectingLogger<UnpricedModelsWarning>();
        var warning = new UnpricedModelsWarning(Table(("gemini:gemini-2.5-flash-image:per_image", "0.039")), Options.Create(providers), logger);

        await warning.StartAsync(CancellationToken.None);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("gemini/gemini-9-imaginary", entry.Message);
    }
}
