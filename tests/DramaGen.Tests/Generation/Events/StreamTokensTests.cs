using DramaGen.Generation.Events;
using DramaGen.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Events;

public sealed class StreamTokensTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));

    private StreamTokens CreateSut() => new(_clock, Options.Create(new RunEventOptions()));

    private static bool IsValid(StreamTokens tokens, string? token) => tokens.Validate(token, "drama_a", "job_1") is not null;

    [Fact]
    public void Issued_token_is_valid_until_five_minutes_later()
    {
        var tokens = CreateSut();
        var (token, expiresAt) = tokens.Issue("drama_a", "job_1", Caller.Admin);

        Assert.Equal(_clock.GetUtcNow().AddMinutes(5), expiresAt);
        Assert.True(IsValid(tokens, token));
        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.True(IsValid(tokens, token));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(IsValid(tokens, token));
    }

    [Fact]
    public void Token_of_another_process_is_rejected()
    {
        var (token, _) = CreateSut().Issue("drama_a", "job_1", Caller.Admin);
        Assert.False(IsValid(CreateSut(), token));
    }

    [Fact]
    public void Token_with_a_later_expiry_written_in_fails_its_signature()
    {
        var tokens = CreateSut();
        var (token, _) = tokens.Issue("drama_a", "job_1", Caller.Admin);
        var dot = token.IndexOf('.');
        var forged = (long.Parse(token[..dot]) + 3600) + token[dot..];
        Assert.False(IsValid(tokens, forged));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("123")]
    [InlineData("abc.def")]
    [InlineData("99999999999.@@@")]
    [InlineData("-5.AAAA")]
    public void Malformed_tokens_are_rejected_without_throwing(string? token) => Assert.False(IsValid(CreateSut(), token));
}
