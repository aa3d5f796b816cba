namespace Interview.Tests.Infrastructure;

/// <summary>
/// The gateway in all-in-one mode as a real process — what the container runs — on a loopback port that stays
/// the same across restarts, serving the built web client.
/// </summary>
public sealed class AllInOneServer : IAsyncDisposable
{
    private readonly LocalProcess process;

    private AllInOneServer(IReadOnlyDictionary<string, string?> settings)
    {
        var port = LocalProcess.FreeTcpPort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        process = new LocalProcess("all-in-one gateway", LocalProcess.GatewayDll, [], new Dictionary<string, string?>(settings)
        {
            ["Gateway__Mode"] = "all-in-one",
            ["Gateway__WebRoot"] = Path.Combine(RepoPaths.WebClient, "dist"),
            ["ASPNETCORE_URLS"] = Url.ToString(),
        });
    }

    public Uri Url { get; }

    public string Output => process.Output;

    /// <summary>Starts a server with extra settings (environment variables such as <c>Store__DataPath</c>) and waits until it is healthy.</summary>
    public static async Task<AllInOneServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        RepoPaths.RequireBuiltWebClient();
        var server = new AllInOneServer(settings ?? new Dictionary<string, string?>());
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        process.Start();
        await process.WaitHealthyAsync(Url, Timeouts.AppStart);
    }

    public Task StopAsync() => process.StopAsync();

    public Task KillAsync() => process.KillAsync();

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
