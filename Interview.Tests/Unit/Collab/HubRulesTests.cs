using Interview.CollabHub.Hubs;
using Interview.SessionApi.Interviewing;

namespace Interview.Tests.Unit.Collab;

public sealed class HubRulesTests
{
    [Theory]
    [InlineData("Ada", "Ada")]
    [InlineData("  Grace Hopper  ", "Grace Hopper")]
    [InlineData("<b>bold</b>", "<b>bold</b>")]
    [InlineData("Zoë 🚀", "Zoë 🚀")]
    public void AcceptableNamesAreTrimmedAndKeptAsText(string input, string expected) =>
        Assert.Equal(expected, DisplayNames.Normalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\there")]
    [InlineData("new\nline")]
    public void EmptyOrControlCharacterNamesAreRefused(string? input) => Assert.Null(DisplayNames.Normalize(input));

    [Fact]
    public void NamesLongerThan64CharactersAreRefused()
    {
        Assert.NotNull(DisplayNames.Normalize(new string('n', 64)));
        Assert.Null(DisplayNames.Normalize(new string('n', 65)));
    }

    [Fact]
    public void ATokenBucketAllowsExactlyItsBurst()
    {
        var bucket = new TokenBucket(capacity: 5, refillPerSecond: 0.001);

        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => bucket.TryTake()));
    }

    [Fact]
    public void AnEmptyBucketRefillsAsTimePasses()
    {
        var bucket = new TokenBucket(capacity: 1, refillPerSecond: 200);
        Assert.True(bucket.TryTake());

        Thread.Sleep(50);

        Assert.True(bucket.TryTake());
    }

    [Fact]
    public void AHistoryEntryKeepsWhenWhoAndWhat()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123);
        byte[] update = [1, 2, 3, 0, 255];

        var entry = HistoryEntry.Decode(HistoryEntry.Encode(at, "Zoë <3", update));

        Assert.Equal(at, entry.At);
        Assert.Equal("Zoë <3", entry.Author);
        Assert.Equal(update, entry.Update);
    }
}
