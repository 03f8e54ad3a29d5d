using DramaGen.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Generation;

public sealed class GenerationOptionsTests
{
    [Theory]
    [InlineData("SCHEDULER_MODE", "fastest")]
    [InlineData("SCHEDULER_ORDER", "random")]
    [InlineData("GENERATION_FLUSH_INTERVAL_MS", "0")]
    [InlineData("GENERATION_QUEUE_CAPACITY", "-1")]
    public void A_bad_setting_is_refused_naming_its_variable(string variable, string value)
    {
        var root = Directory.CreateTempSubdirectory("dramagen-options-").FullName;
        try
        {
            var error = Assert.Throws<OptionsValidationException>(() => new EngineHost(settings: new Dictionary<string, string?> { [variable] = value }, root: root));

            Assert.StartsWith(variable + ":", error.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Defaults_are_eager_with_a_quarter_second_flush()
    {
        await using var host = new EngineHost();

        var options = host.Services.GetRequiredService<IOptions<GenerationOptions>>().Value;

        Assert.Equal((GenerationOptions.Eager, 250, false), (options.SchedulerMode, options.FlushIntervalMs, options.IsLevelMode));
    }
}
