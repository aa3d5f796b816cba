using Interview.Tests.Infrastructure;

namespace Interview.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class DurabilityTests(AppFixture app) : IDisposable
{
    private readonly YjsPeers peers = YjsPeers.Start();

    public void Dispose() => peers.Dispose();

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
}
