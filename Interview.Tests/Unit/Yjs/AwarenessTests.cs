using Interview.CollabHub.Documents.Yjs;

namespace Interview.Tests.Unit.Yjs;

public class AwarenessTests
{
    [Fact]
    public void Encodes_the_spec_example()
    {
        byte[] update = YAwareness.Encode([new AwarenessEntry(300, 1, "{\"user\":{\"name\":\"é\"}}")]);
        Assert.StartsWith("01 ac 02 01 16 7b 22 75 73", Hex.Of(update), StringComparison.Ordinal);

        IReadOnlyList<AwarenessEntry> decoded = YAwareness.Decode(update);
        AwarenessEntry entry = Assert.Single(decoded);
        Assert.Equal(300UL, entry.ClientId);
        Assert.Equal(1UL, entry.Clock);
        Assert.Equal("{\"user\":{\"name\":\"é\"}}", entry.StateJson);
        Assert.False(entry.IsRemoved);
    }

    [Fact]
    public void Removal_sends_null_with_the_next_clock_by_default()
    {
        Assert.Equal("01 ac 02 02 04 6e 75 6c 6c", Hex.Of(YAwareness.EncodeRemoval([(300, 1)])));
        Assert.Equal("01 ac 02 01 04 6e 75 6c 6c", Hex.Of(YAwareness.EncodeRemoval([(300, 1)], bumpClock: false)));

        byte[] two = YAwareness.EncodeRemoval([(4294967295, 0), (5, 9)]);
        IReadOnlyList<AwarenessEntry> decoded = YAwareness.Decode(two);
        Assert.Equal(2, decoded.Count);
        Assert.All(decoded, e => Assert.True(e.IsRemoved));
        Assert.Equal((4294967295UL, 1UL), (decoded[0].ClientId, decoded[0].Clock));
        Assert.Equal((5UL, 10UL), (decoded[1].ClientId, decoded[1].Clock));
    }

    [Theory]
    [InlineData("01 01 01 03 7b 61 7d")] // invalid JSON
    [InlineData("01 01 01 00")] // empty JSON
    [InlineData("02 01 01 04 6e 75 6c 6c")] // count larger than the entries
    [InlineData("01 01 01 04 6e 75 6c 6c 00")] // trailing byte
    [InlineData("01 01 01 02 c3 28")] // invalid UTF-8
    [InlineData("01 01 01 09 7b 7d 20 7b 7d 20 20 20 20")] // two JSON values
    public void Rejects_malformed_updates(string hex)
    {
        byte[] bytes = Hex.Bytes(hex);
        Assert.Throws<InvalidUpdateException>(() => YAwareness.Decode(bytes));
    }

    [Fact]
    public void Whitespace_around_null_still_means_removed()
    {
        AwarenessEntry entry = Assert.Single(YAwareness.Decode(Hex.Bytes("01 01 01 06 20 6e 75 6c 6c 0a")));
        Assert.True(entry.IsRemoved);
    }
}
