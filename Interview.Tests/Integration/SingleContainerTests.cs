using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Interview.Tests.Infrastructure;

namespace Interview.Tests.Integration;

/// <summary>
/// The single-container deployment end to end: one process serves the client, the sessions API and the hub.
/// Runs against a local all-in-one process, or against the real container (see <see cref="SingleContainerFixture"/>).
/// </summary>
[Collection(SingleContainerCollection.Name)]
public sealed partial class SingleContainerTests(SingleContainerFixture server) : IDisposable
{
    private readonly YjsPeers peers = YjsPeers.Start();

    public void Dispose() => peers.Dispose();

    [Fact]
    public async Task TheRootServesTheClientWithTheGatewaysSecurityAndIsolationHeaders()
    {
        var response = await server.Http.GetAsync("/").WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"root\">", await response.Content.ReadAsStringAsync().WithTimeout());
        ClientHeaderAssertions.AssertIsolatedAppPage(response);
    }

    [Fact]
    public async Task TheCodeSandboxPageKeepsItsOwnStricterPolicy()
    {
        var response = await server.Http.GetAsync("/sandbox.html").WithTimeout();

        ClientHeaderAssertions.AssertSandboxPage(response);
    }

    [Fact]
    public async Task ASessionCreatedThroughTheApiOpensAtItsLink()
    {
        var created = await server.Http.PostAsJsonAsync("/api/sessions", new { title = "Container", language = "python" }).WithTimeout();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // The API's responses carry the gateway's headers too: it runs behind the same middleware.
        Assert.Equal("nosniff", created.Headers.GetValues("X-Content-Type-Options").Single());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>().WithTimeout();
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal(new Uri(server.Url, $"/s/{id}").ToString(), body.GetProperty("joinUrl").GetString());

        var page = await server.Http.GetAsync($"/s/{id}").WithTimeout();
        var stored = await server.Http.GetAsync($"/api/sessions/{id}").WithTimeout();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<div id=\"root\">", await page.Content.ReadAsStringAsync().WithTimeout());
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
    }

    [Fact]
    public async Task HashedAssetsAreCachedForAYear()
    {
        var index = await server.Http.GetStringAsync("/").WithTimeout();
        var asset = HashedScript().Match(index).Value;
        Assert.NotEmpty(asset);

        var response = await server.Http.GetAsync(asset).WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/hubs/nothing-here")]
    public async Task AnUnknownApiOrHubPathIsA404ProblemNotTheClient(string path)
    {
        var response = await server.Http.GetAsync(path).WithTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheHealthEndpointIncludesTheStore()
    {
        var response = await server.Http.GetAsync("/health").WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync().WithTimeout());
    }

    [Fact]
    public async Task AnUpdateFromOneClientReachesTheOther()
    {
        var session = await server.Http.CreateAsync();
        await using var ada = await CollabClient.ConnectAsync(server.Url, session.Id);
        await using var grace = await CollabClient.ConnectAsync(server.Url, session.Id, json: true);
        await ada.JoinAsync("Ada");
        await grace.JoinAsync("Grace");

        await ada.PushAsync(await peers.InsertAsync("ada", "print('one container')"));

        await peers.ApplyAsync("grace", await grace.NextUpdateAsync());
        Assert.Equal("print('one container')", await peers.TextAsync("grace"));
    }

    [Fact]
    public async Task ASessionAndItsDocumentSurviveARestart()
    {
        var session = await server.Http.CreateAsync();
        await using (var ada = await CollabClient.ConnectAsync(server.Url, session.Id))
        {
            await ada.JoinAsync("Ada");
            await ada.PushAsync(await peers.InsertAsync("ada", "kept across restarts"));
        }

        await server.RestartAsync();

        var stored = await server.Http.GetAsync($"/api/sessions/{session.Id}").WithTimeout();
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        await using var grace = await CollabClient.ConnectAsync(server.Url, session.Id);
        var joined = await grace.JoinAsync("Grace");
        Assert.Equal("kept across restarts", (await peers.ReadUpdateAsync(joined.Update)).Text);
    }

    [GeneratedRegex("/assets/[^\"]+\\.js")]
    private static partial Regex HashedScript();
}
