using DramaGen.Configuration;
using DramaGen.Providers;
using DramaGen.Providers.Local;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace DramaGen.Tests.Providers.Local;

public sealed class LocalImageProviderTests
{
    private const string Prompt = "Mara holds the lantern up to the storm at the top of the lighthouse.";

    private static LocalImageProvider CreateSut(LocalProviderOptions? options = null) =>
        new(Options.Create(options ?? new LocalProviderOptions()), TimeProvider.System, NullLogger<LocalImageProvider>.Instance);

    [Fact]
    public async Task Renders_a_decodable_png_of_exactly_nine_by_sixteen()
    {
        var media = await CreateSut().GenerateImageAsync(new ImageRequest(Prompt, "9:16", []));

        using var bitmap = TestImages.Decode(media.Content);
        Assert.Equal((360, 640), (bitmap.Width, bitmap.Height));
        Assert.Equal(9 * bitmap.Height, 16 * bitmap.Width);
        Assert.Equal(("image/png", "local", "local-card-v1@360"), (media.ContentType, media.Provider, media.Model));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], media.Content[..4]);
    }

    [Theory]
    [InlineData("16:9", 360, 640, 360)]
    [InlineData("1:1", 200, 200, 200)]
    [InlineData("", 360, 360, 640)]
    [InlineData("4:5", 400, 400, 500)]
    public async Task Renders_the_requested_aspect_ratio_with_the_configured_short_side(string ratio, int shortSide, int width, int height)
    {
        var media = await CreateSut(new LocalProviderOptions { MediaShortSide = shortSide }).GenerateImageAsync(new ImageRequest(Prompt, ratio, []));

        using var bitmap = TestImages.Decode(media.Content);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task Same_request_gives_identical_bytes_and_another_prompt_different_ones()
    {
        var references = new[] { new ReferenceImage(TestImages.SolidPng(SKColors.Red), "image/png", "Mara") };

        var first = await CreateSut().GenerateImageAsync(new ImageRequest(Prompt, "9:16", references));
        var second = await CreateSut().GenerateImageAsync(new ImageRequest(Prompt, "9:16", references));
        var other = await CreateSut().GenerateImageAsync(new ImageRequest(Prompt + " Thunder.", "9:16", references));

        Assert.Equal(first.Content, second.Content);
        Assert.NotEqual(first.Content, other.Content);
    }

    [Fact]
    public async Task Card_is_not_one_flat_colour_and_carries_the_prompt_in_white_text()
    {
        var media = await CreateSut().GenerateImageAsync(new ImageRequest(Prompt, "9:16", []));

        using var bitmap = TestImages.Decode(media.Content);
        Assert.True(bitmap.Pixels.Distinct().Count() > 100);
        Assert.InRange(TestImages.CountPixels(bitmap, TestImages.IsNearWhite), 500, bitmap.Width * bitmap.Height / 4);
    }

    [Fact]
    public async Task Reference_images_are_drawn_into_the_card()
    {
        var red = new ReferenceImage(TestImages.SolidPng(SKColors.Red), "image/png", "Mara");

        var withReference = await CreateSut().GenerateImageAsync(new ImageRequest(Prompt, "9:16", [red]));
        var without = await CreateSut().GenerateImageAsync(new ImageRequest(Prompt, "9:16", []));

        using var drawn = TestImages.Decode(withReference.Content);
        using var plain = TestImages.Decode(without.Content);
        Assert.True(TestImages.CountPixels(drawn, TestImages.IsPureRed) > 5_000);
        Assert.Equal(0, TestImages.CountPixels(plain, TestImages.IsPureRed));
    }

    [Fact]
    public async Task Several_references_each_get_a_thumbnail_and_undecodable_ones_do_not_break_the_card()
    {
        ReferenceImage[] references =
        [
            new(TestImages.SolidPng(SKColors.Red), "image/png", "Mara"),
            new(TestImages.SolidPng(new SKColor(0, 0, 255)), "image/png", "Elias"),
            new("not an image"u8.ToArray(), "image/png", "Broken"),
        ];

        var media = await CreateSut().GenerateImageAsync(new ImageRequest(Prompt, "16:9", references));

        using var bitmap = TestImages.Decode(media.Content);
        Assert.True(TestImages.CountPixels(bitmap, TestImages.IsPureRed) > 1_000);
        Assert.True(TestImages.CountPixels(bitmap, c => c.Blue > 240 && c.Red < 16 && c.Green < 16) > 1_000);
    }

    [Fact]
    public async Task Cards_rendered_at_once_in_reused_pixel_memory_match_each_one_rendered_alone()
    {
        // Cards of several sizes and references, rendered together (more than the cores), reuse each other's pixel memory:
        // none may show another's pixels.
        var red = new ReferenceImage(TestImages.SolidPng(SKColors.Red), "image/png", "Mara");
        var requests = Enumerable.Range(0, 3 * Environment.ProcessorCount + 2)
            .Select(i => new ImageRequest($"{Prompt} Take {i}.", (i % 3) switch { 0 => "9:16", 1 => "16:9", _ => "1:1" }, i % 2 == 0 ? [red] : []))
            .ToList();
        var alone = new List<byte[]>();
        foreach (var request in requests)
        {
            alone.Add((await CreateSut().GenerateImageAsync(request)).Content);
        }

        var together = await Task.WhenAll(requests.Select(request => Task.Run(() => CreateSut().GenerateImageAsync(request))));

        Assert.Equal(alone, together.Select(media => media.Content));
        Assert.Equal(requests.Count, alone.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public async Task A_reference_larger_than_the_card_is_drawn()
    {
        var large = new ReferenceImage(TestImages.SolidPng(SKColors.Red, 1200, 1600), "image/png", "Mara");

        var media = await CreateSut().GenerateImageAsync(new ImageRequest(Prompt, "9:16", [large]));

        using var bitmap = TestImages.Decode(media.Content);
        Assert.True(TestImages.CountPixels(bitmap, TestImages.IsPureRed) > 5_000);
    }

    [Fact]
    public async Task A_very_long_prompt_still_renders()
    {
        var prompt = string.Join(" ", Enumerable.Repeat("storm-lashed lighthouse", 600)) + " " + new string('x', 400);

        var media = await CreateSut().GenerateImageAsync(new ImageRequest(prompt, "9:16", []));

        using var bitmap = TestImages.Decode(media.Content);
        Assert.Equal(640, bitmap.Height);
    }

    [Fact]
    public async Task An_unknown_aspect_ratio_fails_without_retry()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateSut().GenerateImageAsync(new ImageRequest(Prompt, "7:3", [])));

        Assert.False(error.IsRetryable);
        Assert.Contains("7:3", error.Message);
    }

    [Fact]
    public void Without_a_font_file_the_card_is_drawn_without_text_and_one_warning_is_logged()
    {
        var logger = new CollectingLogger<LocalImageProvider>();
        var renderer = new LocalCardRenderer(new LocalFont("/nonexistent/font.ttf", logger, fallbackPaths: []));
        var red = new ReferenceImage(TestImages.SolidPng(SKColors.Red), "image/png", "Mara");

        var plain = renderer.RenderPng(Prompt, [], 360, 640);
        var withReference = renderer.RenderPng(Prompt, [red], 360, 640);

        using var plainBitmap = TestImages.Decode(plain);
        using var referenceBitmap = TestImages.Decode(withReference);
        Assert.Equal(0, TestImages.CountPixels(plainBitmap, TestImages.IsNearWhite));
        Assert.True(TestImages.CountPixels(referenceBitmap, TestImages.IsPureRed) > 5_000);
        // One warning for the unreadable LOCAL_FONT_PATH, one for having no font at all; none per card.
        Assert.Equal(2, logger.Entries.Count(e => e.Level == LogLevel.Warning));
        Assert.Contains(logger.Entries, e => e.Message.Contains("without text"));
    }
}
