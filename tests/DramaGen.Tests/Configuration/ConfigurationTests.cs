using DramaGen.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Configuration;

public sealed class ConfigurationTests
{
    private static Exception StartWith(string name, string value)
    {
        using var app = new DramaGenApplication(new Dictionary<string, string?> { [name] = value });
        return Assert.ThrowsAny<Exception>(app.StartDirectly);
    }

    [Theory]
    [InlineData("MAX_RETRIES", "11")]
    [InlineData("PORT", "0")]
    [InlineData("DEFAULT_ASPECT_RATIO", "7:5")]
    [InlineData("VIDEO_PROVIDER", "foo")]
    [InlineData("LOCAL_FAILURE_RATE", "1.5")]
    [InlineData("IMAGE_MAX_CONCURRENCY", "0")]
    [InlineData("IMAGE_RPM", "-1")]
    [InlineData("VIDEO_RPM", "1.5")]
    [InlineData("TEXT_RPM", "lots")]
    [InlineData("SPEECH_RPM", "-20")]
    [InlineData("TEXT_TPM", "-5")]
    [InlineData("DATABASE_READ_POOL_SIZE", "0")]
    public void Bad_value_stops_startup_with_a_message_naming_the_variable(string name, string value)
    {
        var error = StartWith(name, value);
        Assert.True(error.ToString().Contains(name), error.ToString());
    }

    [Theory]
    [InlineData("sekrit-key=")]
    [InlineData("sekrit-key=../alice")]
    [InlineData("=alice")]
    [InlineData("ok,sekrit-key=al ice")]
    public void A_bad_owner_in_API_KEYS_stops_startup_without_quoting_the_key(string keys)
    {
        var error = StartWith("API_KEYS", keys).ToString();
        Assert.Contains("API_KEYS", error);
        Assert.DoesNotContain("sekrit", error);
    }

    [Fact]
    public void Unparsable_number_stops_startup_naming_the_variable()
    {
        var error = StartWith("MAX_RETRIES", "two");
        Assert.Contains("MAX_RETRIES", error.ToString());
    }

    [Fact]
    public void Half_configured_r2_stops_startup_naming_what_is_missing()
    {
        var error = StartWith("R2_ACCOUNT_ID", "abc123");
        Assert.Contains("R2_ACCESS_KEY_ID", error.ToString());
        Assert.Contains("R2_SECRET_ACCESS_KEY", error.ToString());
    }

    [Fact]
    public async Task Seed_variable_names_bind_to_options()
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?>
        {
            ["R2_BUCKET"] = "my-bucket", ["MAX_RETRIES"] = "4", ["DEFAULT_VIDEO_DURATION"] = "12", ["GPT_MODEL"] = "gpt-5-mini",
        });
        app.CreateClient();
        var services = app.Services;
        Assert.Equal("my-bucket", services.GetRequiredService<IOptions<StorageOptions>>().Value.R2Bucket);
        Assert.Equal(4, services.GetRequiredService<IOptions<ProvidersOptions>>().Value.MaxRetries);
        Assert.Equal("gpt-5-mini", services.GetRequiredService<IOptions<ProvidersOptions>>().Value.GptModel);
        Assert.Equal(12, services.GetRequiredService<IOptions<ServiceOptions>>().Value.DefaultVideoDuration);
    }

    [Theory]
    [InlineData("", "", "local")]
    [InlineData("gem-key", "", "veo")]
    [InlineData("", "sora-key", "sora")]
    public void Auto_video_provider_follows_the_keys(string geminiKey, string soraKey, string expected)
    {
        var options = new ProvidersOptions { GeminiApiKey = geminiKey, SoraApiKey = soraKey };
        Assert.Equal(expected, options.ResolvedVideoProvider);
    }
}
