using Interview.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Interview.Tests.Integration;

/// <summary>
/// The web client sends most keystrokes without waiting for an answer (<c>SendUpdate</c>) and asks now and then
/// whether all it sent is stored (<c>Confirm</c>): nothing may be lost or silently refused that way.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class UnansweredPushTests(AppFixture app) : IDisposable
{
    private readonly YjsPeers peers = YjsPeers.Start();

    public void Dispose() => peers.Dispose();

    [Fact]
    public async Task KeystrokesSentWithoutAnswersAreRelayedInOrderAndStoredOnceConfirmed()
    {
        var session = await app.Gateway.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await using var grace = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await ada.JoinAsync("Ada");
        await grace.JoinAsync("Grace");

        foreach (var key in "print(sorted(xs))") await ada.SendAsync(await peers.InsertAsync("ada", key.ToString()));
        await ada.ConfirmAsync();

        // Stored: a joiner right after the confirmation gets all of it.
        await using var late = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.Equal("print(sorted(xs))", (await peers.ReadUpdateAsync((await late.JoinAsync("Late")).Update)).Text);
        // Relayed, one update per keystroke, each applying cleanly after the one before.
        for (var i = 0; i < "print(sorted(xs))".Length; i++) await peers.ApplyAsync("grace", await grace.NextUpdateAsync());
        Assert.Equal("print(sorted(xs))", await peers.TextAsync("grace"));
        Assert.DoesNotContain(ada.ReceivedHubMessages, m => m is InvocationMessage { Target: "Refused" });
    }

    [Fact]
    public async Task ARefusedSendIsToldToItsSenderBeforeTheConfirmationAndNothingOfItIsStored()
    {
        var session = await app.Gateway.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await using var grace = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        await ada.JoinAsync("Ada");
        await grace.JoinAsync("Grace");

        await ada.SendAsync([0xFF, 0x13, 0x37, 0x00]);
        await ada.SendAsync(new byte[300 * 1024]);
        await ada.SendAwarenessAsync([0xFF, 0xFF]);
        await ada.SendAsync(await peers.InsertAsync("ada", "kept"));
        await ada.ConfirmAsync();

        Assert.Equal(("SendUpdate", "invalid-update"), await ada.NextRefusalAsync());
        Assert.Equal(("SendUpdate", "too-large"), await ada.NextRefusalAsync());
        Assert.Equal(("SendAwareness", "invalid-update"), await ada.NextRefusalAsync());
        // On the wire, all three came before the confirmation's answer (the last completion: the join's came first).
        var received = ada.ReceivedHubMessages.ToList();
        var confirmed = received.FindLastIndex(m => m is CompletionMessage);
        Assert.Equal(3, received.Take(confirmed).Count(m => m is InvocationMessage { Target: "Refused" }));
        await peers.ApplyAsync("grace", await grace.NextUpdateAsync());
        Assert.Equal("kept", await peers.TextAsync("grace"));
        Assert.False(await grace.ReceivesUpdateWithin(TimeSpan.FromMilliseconds(300)), "nothing from a refused send is relayed");
        await using var late = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        Assert.Equal("kept", (await peers.ReadUpdateAsync((await late.JoinAsync("Late")).Update)).Text);
    }

    [Fact]
    public async Task SendingOrConfirmingBeforeJoiningIsRefused()
    {
        var session = await app.Gateway.CreateAsync();
        await using var client = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);

        await client.SendAsync(await peers.InsertAsync("x", "x"));
        Assert.Equal(("SendUpdate", "not-joined"), await client.NextRefusalAsync());
        var error = await Assert.ThrowsAsync<HubException>(client.ConfirmAsync);
        Assert.EndsWith("not-joined", error.Message);

        // The connection stays usable.
        await client.JoinAsync("Ada");
        await client.ConfirmAsync();
    }
}
