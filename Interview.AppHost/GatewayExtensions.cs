using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>The gateway's place in the AppHost: a stable port and a line that tells people where to go.</summary>
public static class GatewayExtensions
{
    /// <summary>Puts the gateway on a fixed port so links stay stable; 0 lets Aspire pick one (tests).</summary>
    public static IResourceBuilder<ProjectResource> WithGatewayPort(this IResourceBuilder<ProjectResource> gateway, int port) =>
        gateway.WithEndpoint("http", e => e.Port = port == 0 ? null : port);

    /// <summary>Prints the URL users open once the gateway is healthy (the dashboard lists it too).</summary>
    public static IResourceBuilder<ProjectResource> WithReadyBanner(this IResourceBuilder<ProjectResource> gateway)
    {
        gateway.OnResourceReady((resource, ready, _) =>
        {
            var url = gateway.GetEndpoint("http").Url;
            ready.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Interview")
                .LogInformation("Interview is ready: open {Url}", url);
            return Task.CompletedTask;
        });
        return gateway;
    }
}
