using System.Text;
using DramaGen.Storage.Assets;

namespace DramaGen.Tests.Storage.Assets;

public sealed class MediaTypesTests
{
    [Theory]
    [InlineData("png", MediaTypes.Png)]
    [InlineData("jpg", MediaTypes.Jpeg)]
    [InlineData("gif", MediaTypes.Gif)]
    [InlineData("webp", MediaTypes.Webp)]
    [InlineData("mp4", MediaTypes.Mp4)]
    [InlineData("mov", MediaTypes.QuickTime)]
    [InlineData("webm", MediaTypes.Webm)]
    [InlineData("mp3", MediaTypes.Mp3)]
    [InlineData("bare.mp3", MediaTypes.Mp3)]
    [InlineData("wav", MediaTypes.Wav)]
    [InlineData("ogg", MediaTypes.Ogg)]
    [InlineData("m4a", MediaTypes.M4a)]
    public async Task Files_written_by_ffmpeg_are_recognised(string sample, string expected)
    {
        Assert.Equal(expected, MediaTypes.Sniff(await MediaSamples.GetAsync(sample)));
    }

    [Theory]
    [InlineData("Hello, world.\nSecond line\twith a tab.", MediaTypes.Text)]
    [InlineData("  {\"prompt\": \"a lantern\", \"n\": [1, 2]}\n", MediaTypes.Json)]
    [InlineData("[1, 2, 3]", MediaTypes.Json)]
    [InlineData("{not json at all", MediaTypes.Text)]
    [InlineData("Ünïcödé テキスト 😀", MediaTypes.Text)]
    public void Utf8_text_is_plain_text_or_json(string text, string expected)
    {
        Assert.Equal(expected, MediaTypes.Sniff(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(expected, MediaTypes.Sniff([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]));
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03 })]
    [InlineData(new byte[] { 0xC3, 0x28, 0x41 })] // invalid UTF-8
    [InlineData(new byte[] { 0x41, 0x42, 0x00, 0x43 })] // text with a NUL
    [InlineData(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x82, 0x88, 0x6D, 0x61, 0x74, 0x72, 0x6F, 0x73, 0x6B, 0x61 })] // Matroska, not WebM
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x41, 0x56, 0x49, 0x20 })] // RIFF AVI
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x25, 0xE2, 0xE3 })] // %PDF-1.4 with binary
    [InlineData(new byte[0])]
    public void Unknown_bytes_are_not_recognised(byte[] content)
    {
        Assert.Null(MediaTypes.Sniff(content));
    }

    [Theory]
    [InlineData("image/JPG; charset=binary", MediaTypes.Jpeg)]
    [InlineData("audio/mp3", MediaTypes.Mp3)]
    [InlineData("audio/x-wav", MediaTypes.Wav)]
    [InlineData("video/mp4", MediaTypes.Mp4)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Declared_types_are_normalised(string? declared, string? expected)
    {
        Assert.Equal(expected, MediaTypes.Normalize(declared));
    }

    [Theory]
    [InlineData("portrait.png", MediaTypes.Png)]
    [InlineData("clip.MOV", MediaTypes.QuickTime)]
    [InlineData("theme.ogg", MediaTypes.Ogg)]
    [InlineData("notes.txt", MediaTypes.Text)]
    [InlineData("no-extension", null)]
    [InlineData(null, null)]
    public void File_names_claim_the_type_of_their_extension(string? fileName, string? expected)
    {
        Assert.Equal(expected, MediaTypes.FromFileName(fileName));
    }

    [Fact]
    public void Every_allowed_type_has_an_extension_that_maps_back_to_it()
    {
        foreach (var type in Enum.GetValues<AssetType>().SelectMany(MediaTypes.AllowedFor))
        {
            Assert.Equal(type, MediaTypes.FromFileName("x." + MediaTypes.ExtensionFor(type)));
        }
    }
}
