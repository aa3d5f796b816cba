using Interview.CollabHub.Documents.Yjs;
using Interview.Tests.Infrastructure;

namespace Interview.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class PresenceTests(AppFixture app)
{
    private static byte[] Presence(ulong clientId, ulong clock, string name) =>
        YAwareness.Encode([new AwarenessEntry(clientId, clock, $$"""{"user":{"name":"{{name}}","color":"#f59e0b"},"cursor":null}""")]);

    [Fact]
    public async Task PresenceIsRelayedAndANewcomerSeesEveryoneAtOnce()
    {
        var session = await app.Gateway.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await using var grace = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await ada.JoinAsync("Ada");
        await grace.JoinAsync("Grace");

        await ada.PushAwarenessAsync(Presence(101, 1, "Ada"));
        await grace.PushAwarenessAsync(Presence(202, 1, "Grace"));

        var seenByGrace = YAwareness.Decode(await grace.NextAwarenessAsync());
        Assert.Equal(101UL, Assert.Single(seenByGrace).ClientId);

        await using var newcomer = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        var joined = await newcomer.JoinAsync("Newcomer");
        var present = YAwareness.Decode(joined.Awareness).ToDictionary(e => e.ClientId);
        Assert.Equal([101UL, 202UL], present.Keys.Order());
        Assert.Contains("\"Grace\"", present[202].StateJson);
    }

    [Fact]
    public async Task WhenAParticipantDropsTheOthersSeeThemLeave()
    {
        var session = await app.Gateway.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await ada.JoinAsync("Ada");
        var grace = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await grace.JoinAsync("Grace");
        await grace.PushAwarenessAsync(Presence(303, 7, "Grace"));
        await ada.NextAwarenessAsync();

        await grace.DisposeAsync();

        var removal = Assert.Single(YAwareness.Decode(await ada.NextAwarenessAsync(TimeSpan.FromSeconds(5))));
        Assert.Equal(303UL, removal.ClientId);
        Assert.True(removal.IsRemoved);
        Assert.Equal(7UL, removal.Clock);
        await using var newcomer = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.Empty((await newcomer.JoinAsync("Newcomer")).Awareness);
    }

    [Fact]
    public async Task MalformedPresenceIsRefusedAndRelaysNothing()
    {
        var session = await app.Gateway.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await ada.JoinAsync("Ada");

        var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => ada.PushAwarenessAsync([0x01, 0x02]));
        Assert.EndsWith("invalid-update", error.Message);
        var tooMany = Enumerable.Range(1, 5).Select(i => new AwarenessEntry((ulong)i, 1, "{}"));
        error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => ada.PushAwarenessAsync(YAwareness.Encode(tooMany)));
        Assert.EndsWith("invalid-update", error.Message);
    }
}
