using Interview.CollabHub.Documents.Yjs;
using Interview.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Interview.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class CollaborationTests(AppFixture app) : IDisposable
{
    private readonly YjsPeers peers = YjsPeers.Start();

    public void Dispose() => peers.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnUpdateFromOneClientReachesTheOther(bool json)
    {
        var session = await app.Gateway.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id, json);
        await using var grace = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id, json);
        await ada.JoinAsync("Ada");
        await grace.JoinAsync("Grace");

        await ada.PushAsync(await peers.InsertAsync("ada", "print('hello')"));

        await peers.ApplyAsync("grace", await grace.NextUpdateAsync());
        Assert.Equal("print('hello')", await peers.TextAsync("grace"));
        Assert.False(await ada.ReceivesUpdateWithin(TimeSpan.FromMilliseconds(300)), "an update is not echoed to its sender");
    }

    [Fact]
    public async Task ALateJoinerReceivesTheWholeDocument()
    {
        var session = await app.Gateway.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await ada.JoinAsync("Ada");
        await ada.PushAsync(await peers.InsertAsync("ada", "def solve(xs):\n"));
        await ada.PushAsync(await peers.InsertAsync("ada", "    return sorted(xs)\n"));
        await ada.PushAsync(await peers.DeleteAsync("ada", 4, 5)); // "solve" → ""
        await ada.PushAsync(await peers.SetMetaAsync("ada", "language", "python"));

        await using var late = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        var joined = await late.JoinAsync("Late");

        var (text, meta) = await peers.ReadUpdateAsync(joined.Update);
        Assert.Equal(await peers.TextAsync("ada"), text);
        Assert.Equal("def (xs):\n    return sorted(xs)\n", text);
        Assert.Equal("python", meta["language"]!.GetValue<string>());
        Assert.Equal(await peers.StateVectorAsync("ada"), joined.StateVector);
        Assert.False(string.IsNullOrEmpty(joined.Instance));
    }

    [Fact]
    public async Task JoiningWithAStateVectorReturnsOnlyWhatIsMissing()
    {
        var session = await app.Gateway.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await ada.JoinAsync("Ada");
        var first = await peers.InsertAsync("ada", new string('a', 2000));
        await ada.PushAsync(first);
        await ada.PushAsync(await peers.InsertAsync("ada", "tail"));
        await peers.ApplyAsync("grace", first);

        await using var grace = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        var joined = await grace.JoinAsync("Grace", await peers.StateVectorAsync("grace"));

        Assert.True(joined.Update.Length < 200, $"the diff is small ({joined.Update.Length} bytes)");
        await peers.ApplyAsync("grace", joined.Update);
        Assert.Equal(await peers.TextAsync("ada"), await peers.TextAsync("grace"));
    }

    [Fact]
    public async Task OfflineEditsMergeWhenTheClientReconnects()
    {
        var session = await app.Gateway.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await ada.JoinAsync("Ada");
        await ada.PushAsync(await peers.InsertAsync("ada", "shared\n"));
        var grace = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await peers.ApplyAsync("grace", (await grace.JoinAsync("Grace")).Update);

        // Grace drops off the network; both keep typing.
        await grace.DisposeAsync();
        await ada.PushAsync(await peers.InsertAsync("ada", "ada online\n"));
        await peers.InsertAsync("grace", "grace offline\n", index: 0);

        // Grace reconnects: she takes what she lacks and pushes what the server lacks.
        await using var back = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        var joined = await back.JoinAsync("Grace", await peers.StateVectorAsync("grace"));
        await peers.ApplyAsync("grace", joined.Update);
        await back.PushAsync(await peers.EncodeStateAsync("grace", joined.StateVector));
        await peers.ApplyAsync("ada", await ada.NextUpdateAsync());

        var text = await peers.TextAsync("ada");
        Assert.Equal(text, await peers.TextAsync("grace"));
        Assert.Contains("ada online", text);
        Assert.Contains("grace offline", text);
        await using var check = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.Equal(text, (await peers.ReadUpdateAsync((await check.JoinAsync("Check")).Update)).Text);
    }

    [Fact]
    public async Task InvalidAndOversizeUpdatesAreRefusedWithTheirCodesWhileTheSessionKeepsWorking()
    {
        var session = await app.Gateway.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await using var grace = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await ada.JoinAsync("Ada");
        await grace.JoinAsync("Grace");
        var valid = await peers.InsertAsync("ada", "kept");

        await AssertRefused("invalid-update", () => ada.PushAsync([0xFF, 0x13, 0x37, 0x00]));
        await AssertRefused("invalid-update", () => ada.PushAsync(valid[..^3]));
        await AssertRefused("invalid-update", () => ada.PushAsync([]));
        await AssertRefused("too-large", () => ada.PushAsync(new byte[300 * 1024]));
        Assert.False(await grace.ReceivesUpdateWithin(TimeSpan.FromMilliseconds(300)), "nothing from a refused call is relayed");

        await ada.PushAsync(valid);
        await peers.ApplyAsync("grace", await grace.NextUpdateAsync());
        Assert.Equal("kept", await peers.TextAsync("grace"));
        await using var late = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.Equal("kept", (await peers.ReadUpdateAsync((await late.JoinAsync("Late")).Update)).Text);
    }

    [Fact]
    public async Task CallsOutsideTheRulesGetTheirCodes()
    {
        var session = await app.Gateway.CreateAsync();
        var other = await app.Gateway.CreateAsync();
        await using var client = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        var update = await peers.InsertAsync("x", "x");

        await AssertRefused("not-joined", () => client.PushAsync(update));
        await AssertRefused("invalid-name", () => client.JoinAsync("   "));
        await AssertRefused("invalid-name", () => client.JoinAsync(new string('n', 65)));
        await AssertRefused("invalid-name", () => client.JoinAsync("bell\a"));
        await AssertRefused("invalid-update", () => client.JoinAsync("Ada", [0xFF, 0xFF]));
        await AssertRefused("session-not-found", () => client.Connection.InvokeAsync("JoinSession", other.Id, "Ada", Array.Empty<byte>()).WithTimeout());

        // HTML is just text in a name; the client renders it as text.
        await client.JoinAsync("<img src=x onerror=alert(1)>");
        await AssertRefused("session-not-found", () => client.Connection.InvokeAsync("PushUpdate", other.Id, update).WithTimeout());
        await client.PushAsync(update);
    }

    [Fact]
    public async Task AFloodOfPushesIsRateLimitedWithoutClosingTheConnection()
    {
        var session = await app.Gateway.CreateAsync();
        await using var client = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await client.JoinAsync("Flood");
        var awareness = YAwareness.Encode([new AwarenessEntry(42, 1, """{"user":{"name":"Flood"}}""")]);

        var results = await Task.WhenAll(Enumerable.Range(0, 600).Select(async _ =>
        {
            try
            {
                await client.PushAwarenessAsync(awareness);
                return "ok";
            }
            catch (HubException e)
            {
                return e.Message;
            }
        }));

        Assert.Contains(results, r => r.Contains("rate-limited"));
        Assert.True(results.Count(r => r == "ok") >= 200, "the burst allowance goes through");
        Assert.Equal(HubConnectionState.Connected, client.Connection.State);
        await Task.Delay(1500);
        await client.PushAsync(await peers.InsertAsync("flood", "still here"));
    }

    private static async Task AssertRefused(string code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubException>(call);
        Assert.EndsWith(code, error.Message);
    }
}
