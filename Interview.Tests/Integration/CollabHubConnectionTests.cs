using Interview.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Interview.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class CollabHubConnectionTests(AppFixture fixture)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AClientConnectsThroughTheGatewayOverWebSocketsForAnExistingSession(bool skipNegotiation)
    {
        var session = await fixture.Gateway.CreateAsync().WithTimeout();
        await using var connection = Connect(session.Id, skipNegotiation);

        await connection.StartAsync().WithTimeout();

        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("garbage")]
    [InlineData("")]
    public async Task AClientIsRefusedForAnUnknownSession(string sessionId)
    {
        await using var connection = Connect(sessionId, skipNegotiation: true);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync().WithTimeout());

        Assert.DoesNotContain("timed out", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task NegotiationForAnUnknownSessionIsA404Problem()
    {
        var response = await fixture.Gateway.PostAsync("/hubs/collab/negotiate?negotiateVersion=1&session=AAAAAAAAAAAAAAAAAAAAAA", null).WithTimeout();

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private HubConnection Connect(string sessionId, bool skipNegotiation) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.GatewayUrl, $"/hubs/collab?session={Uri.EscapeDataString(sessionId)}"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = skipNegotiation;
            })
            .AddMessagePackProtocol()
            .Build();
}
