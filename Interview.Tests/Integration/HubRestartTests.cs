using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Interview.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Interview.Tests.Integration;

/// <summary>Crashes the hub on purpose, so it runs on an app of its own and cannot disturb other tests.</summary>
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
    public async Task TheDocumentSurvivesACrashAndRestartOfTheHub()
    {
        var session = await app.Gateway.CreateAsync();
        string instance;
        await using (var ada = await CollabClient.ConnectAsync(app.GatewayUrl, session.Id))
        {
            instance = (await ada.JoinAsync("Ada")).Instance;
            await ada.PushAsync(await peers.InsertAsync("ada", "survives restarts"));
        }

        // The hub names its process in every join result ("machine/pid"): end it the hard way.
        using (var hub = Process.GetProcessById(int.Parse(instance.Split('/')[^1])))
        {
            hub.Kill(entireProcessTree: true);
            await hub.WaitForExitAsync().WithTimeout();
        }
        await app.App.ResourceNotifications.WaitForResourceAsync("collab-hub", s => s.Snapshot.State?.Text is not "Running").WithTimeout();
        var started = await app.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync("collab-hub", KnownResourceCommands.StartCommand).WithTimeout(TimeSpan.FromMinutes(1));
        Assert.True(started.Success, started.Message);
        await app.App.ResourceNotifications.WaitForResourceHealthyAsync("collab-hub").WithTimeout(TimeSpan.FromMinutes(1));

        await using var grace = await ConnectWithRetryAsync(session.Id);
        var joined = await grace.JoinAsync("Grace");
        Assert.NotEqual(instance, joined.Instance);
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
