using Aspire.Hosting.ApplicationModel;
using Interview.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Interview.Tests.Integration;

/// <summary>Restarts the hub on purpose, so it runs on an app of its own and cannot disturb other tests.</summary>
[CollectionDefinition(Name)]
public sealed class HubRestartCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "Hub restarts";
}

[Collection(HubRestartCollection.Name)]
public sealed class HubRestartTests(AppFixture app) : IDisposable
{
    private readonly YjsPeers peers = YjsPeers.Start();

    public void Dispose() => peers.Dispose();

    [Fact]
    public async Task TheDocumentSurvivesARestartOfEveryHubInstance()
    {
        var session = await app.Gateway.CreateAsync();
        await using (var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id))
        {
            await ada.JoinAsync("Ada");
            await ada.PushAsync(await peers.InsertAsync("ada", "survives restarts"));
        }

        // Every instance restarts (the resource, not one replica), so nothing of the document is in any hub's
        // memory. A stop can time out on a busy machine; the second try then finds the hub stopped.
        var commands = app.App.Services.GetRequiredService<ResourceCommandService>();
        var hub = app.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "collab-hub");
        var restarted = await commands.ExecuteCommandAsync(hub, KnownResourceCommands.RestartCommand).WithTimeout(TimeSpan.FromMinutes(1));
        if (!restarted.Success)
            restarted = await commands.ExecuteCommandAsync(hub, KnownResourceCommands.RestartCommand).WithTimeout(TimeSpan.FromMinutes(1));
        Assert.True(restarted.Success, restarted.Message);
        await app.App.ResourceNotifications.WaitForResourceHealthyAsync("collab-hub", WaitBehavior.WaitOnResourceUnavailable).WithTimeout(TimeSpan.FromMinutes(1));

        await using var grace = await ConnectWithRetryAsync(session.Id);
        var joined = await grace.JoinAsync("Grace");
        Assert.Equal("survives restarts", (await peers.ReadUpdateAsync(joined.Update)).Text);
    }

    private async Task<CollabClient> ConnectWithRetryAsync(string sessionId)
    {
        // The gateway may take a moment to reach the restarted hub.
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
