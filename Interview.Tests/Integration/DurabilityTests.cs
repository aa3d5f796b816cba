using Aspire.Hosting.ApplicationModel;
using Interview.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Interview.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class DurabilityTests(AppFixture app) : IAsyncLifetime
{
    private YjsPeers peers = null!;

    public Task InitializeAsync()
    {
        peers = YjsPeers.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await peers.DisposeAsync();

    [Fact]
    public async Task TwentyThousandKeystrokesJoinAsACompactDocument()
    {
        const int Keystrokes = 20_000;
        var session = await app.Gateway.CreateAsync();
        var keystrokes = await peers.TypeCharsAsync("typist", Keystrokes).WithTimeout(TimeSpan.FromMinutes(1));

        // Several typists share the work, each in order, as a busy interview would.
        var typists = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var client = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
            await client.JoinAsync($"Typist {i}");
            return client;
        }));
        try
        {
            var chunk = Keystrokes / typists.Length;
            await Task.WhenAll(typists.Select(async (typist, i) =>
            {
                foreach (var update in keystrokes.Skip(i * chunk).Take(chunk))
                {
                    await PushPatientlyAsync(typist, update);
                }
            })).WithTimeout(TimeSpan.FromMinutes(3));
        }
        finally
        {
            foreach (var typist in typists) await typist.DisposeAsync();
        }

        await using var late = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id);
        var joined = await late.JoinAsync("Late");

        var whole = await peers.EncodeStateAsync("typist");
        Assert.Equal(await peers.TextAsync("typist"), (await peers.ReadUpdateAsync(joined.Update)).Text);
        Assert.True(joined.Update.Length <= 2 * whole.Length,
            $"join payload {joined.Update.Length} B ≤ 2 × encodeStateAsUpdate {whole.Length} B (history was {keystrokes.Sum(k => k.Length)} B)");
    }

    [Fact]
    public async Task TheDocumentSurvivesARestartOfTheHub()
    {
        var session = await app.Gateway.CreateAsync();
        await using (var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id))
        {
            await ada.JoinAsync("Ada");
            await ada.PushAsync(await peers.InsertAsync("ada", "survives restarts"));
        }

        // Every instance restarts (the resource, not one replica), so nothing of the document is in any hub's memory.
        var commands = app.App.Services.GetRequiredService<ResourceCommandService>();
        var hub = app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "collab-hub");
        var restarted = await commands.ExecuteCommandAsync(hub, KnownResourceCommands.RestartCommand).WithTimeout(TimeSpan.FromMinutes(1));
        Assert.True(restarted.Success, restarted.Message);
        await app.App.ResourceNotifications.WaitForResourceHealthyAsync("collab-hub", WaitBehavior.WaitOnResourceUnavailable).WithTimeout(TimeSpan.FromMinutes(1));

        await using var grace = await ConnectWithRetryAsync(session.Id);
        var joined = await grace.JoinAsync("Grace");
        Assert.Equal("survives restarts", (await peers.ReadUpdateAsync(joined.Update)).Text);
    }

    /// <summary>Pushes like the web client does: a rate-limited push is retried after a pause, never dropped.</summary>
    private static async Task PushPatientlyAsync(CollabClient client, byte[] update)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.PushAsync(update);
                return;
            }
            catch (Microsoft.AspNetCore.SignalR.HubException e) when (e.Message.EndsWith("rate-limited", StringComparison.Ordinal) && attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    private async Task<CollabClient> ConnectWithRetryAsync(string sessionId)
    {
        // The gateway may take a moment to see the restarted hub's endpoint.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await CollabClient.ConnectAsync(app.GatewayUrl, sessionId);
            }
            catch (Exception) when (attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }
}
