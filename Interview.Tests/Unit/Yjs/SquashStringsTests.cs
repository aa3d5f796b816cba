using Interview.CollabHub.Documents.Yjs;
using Interview.Tests.Infrastructure;

namespace Interview.Tests.Unit.Yjs;

public sealed class SquashStringsTests : IDisposable
{
    private readonly YjsPeers peers = YjsPeers.Start();

    public void Dispose() => peers.Dispose();

    [Fact]
    public async Task KeystrokesSquashToTheSizeOfTheDocumentItself()
    {
        var keystrokes = await peers.TypeCharsAsync("typist", 3000);
        var merged = YUpdate.MergeUpdates(keystrokes);

        var squashed = YUpdate.SquashStrings(merged);

        var whole = await peers.EncodeStateAsync("typist");
        Assert.True(squashed.Length <= whole.Length + 16, $"squashed {squashed.Length} B vs encodeStateAsUpdate {whole.Length} B (merged {merged.Length} B)");
        Assert.Equal(await peers.TextAsync("typist"), (await peers.ReadUpdateAsync(squashed)).Text);
        Assert.Equal(YUpdate.EncodeStateVectorFromUpdate(merged), YUpdate.EncodeStateVectorFromUpdate(squashed));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    public async Task SquashingConcurrentEditsWithDeletesKeepsTheDocument(int seed)
    {
        var random = new Random(seed);
        var updates = new List<byte[]>();
        string[] names = ["a", "b", "c"];
        foreach (var name in names) await peers.InsertAsync(name, "");
        for (var step = 0; step < 300; step++)
        {
            var name = names[random.Next(names.Length)];
            var length = (await peers.TextAsync(name)).Length;
            byte[] update = random.Next(10) switch
            {
                < 6 => await peers.InsertAsync(name, random.Next(4) == 0 ? "😀x" : ((char)('a' + random.Next(26))).ToString(), random.Next(4) == 0 ? random.Next(length + 1) : length),
                < 8 when length > 2 => await peers.DeleteAsync(name, random.Next(length - 1), 1 + random.Next(Math.Min(3, length - 1))),
                _ => await peers.SetMetaAsync(name, "language", random.Next(2) == 0 ? "python" : "go"),
            };
            updates.Add(update);
            // Partial syncs: sometimes another peer sees this update right away.
            var other = names[random.Next(names.Length)];
            if (other != name && random.Next(3) == 0) await peers.ApplyAsync(other, update);
        }

        var merged = YUpdate.MergeUpdates(updates);
        var squashed = YUpdate.SquashStrings(merged);

        var expected = await peers.ReadUpdateAsync(merged);
        var actual = await peers.ReadUpdateAsync(squashed);
        Assert.True(expected.Text == actual.Text, $"seed {seed}: text differs");
        Assert.Equal(expected.Meta.ToJsonString(), actual.Meta.ToJsonString());
        Assert.Equal(YUpdate.EncodeStateVectorFromUpdate(merged), YUpdate.EncodeStateVectorFromUpdate(squashed));
        Assert.True(squashed.Length <= merged.Length, $"seed {seed}: squashing never grows an update");
    }

    [Fact]
    public void MalformedInputIsRefusedLikeEveryOtherOperation()
    {
        Assert.Throws<InvalidUpdateException>(() => YUpdate.SquashStrings([0x01, 0x05]));
    }
}
