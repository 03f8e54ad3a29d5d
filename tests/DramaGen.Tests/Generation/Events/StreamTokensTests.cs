using DramaGen.Generation.Events;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Events;

public sealed class StreamTokensTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));

    private StreamTokens CreateSut() => new(_clock, Options.Create(new RunEventOptions()));

    [Fact]
    public void Issued_token_is_valid_until_five_minutes_later()
    {
        var tokens = CreateSut();
        var (token, expiresAt) = tokens.Issue();

        Assert.Equal(_clock.GetUtcNow().AddMinutes(5), expiresAt);
        Assert.True(tokens.IsValid(token));
        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.True(tokens.IsValid(token));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(tokens.IsValid(token));
    }

    [Fact]
    public void Token_of_another_process_is_rejected()
    {
        var (token, _) = CreateSut().Issue();
        Assert.False(CreateSut().IsValid(token));
    }

    [Fact]
    public void Token_with_a_later_expiry_written_in_fails_its_signature()
    {
        var tokens = CreateSut();
        var (token, _) = tokens.Issue();
        var dot = token.IndexOf('.');
        var forged = (long.Parse(token[..dot]) + 3600) + token[dot..];
        Assert.False(tokens.IsValid(forged));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("123")]
    [InlineData("abc.def")]
    [InlineData("99999999999.@@@")]
    [InlineData("-5.AAAA")]
    public void Malformed_tokens_are_rejected_without_throwing(string? token) => Assert.False(CreateSut().IsValid(token));
}
