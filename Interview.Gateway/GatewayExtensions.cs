using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Configuration;

namespace Interview.Gateway;

/// <summary>The gateway: <c>/api</c> → session-api, <c>/hubs</c> → collab-hub, everything else → the web client.</summary>
public static class GatewayExtensions
{
    /// <summary>YARP from the <c>ReverseProxy</c> section, plus a catch-all route to the dev server when one is configured.</summary>
    public static TBuilder AddGateway<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new();
        builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.SectionName));

        var proxy = builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        if (!string.IsNullOrWhiteSpace(options.WebDevServer))
        {
            // Lowest precedence, so /api and /hubs keep their own routes.
            proxy.LoadFromMemory(
                [new RouteConfig { RouteId = "web", ClusterId = "web", Order = int.MaxValue, Match = new() { Path = "/{**rest}" } }],
                [new ClusterConfig { ClusterId = "web", Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = options.WebDevServer } } }]);
        }
        return builder;
    }

    /// <summary>Maps the proxy and, without a dev server, the built client with an SPA fallback for deep links.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        var options = app.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new();
        app.UseWebSockets();
        app.Use(SecurityHeaders);

        if (string.IsNullOrWhiteSpace(options.WebDevServer)) MapStaticClient(app, options);
        app.MapReverseProxy();
        return app;
    }

    private static void MapStaticClient(WebApplication app, GatewayOptions options)
    {
        var files = string.IsNullOrWhiteSpace(options.WebRoot)
            ? app.Environment.WebRootFileProvider
            : new PhysicalFileProvider(Path.GetFullPath(options.WebRoot));
        // The built client's security, isolation and cache headers (the dev server sets its own).
        app.Use(ClientHeaders.Apply);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        // /s/{id} and every other client route load index.html; the client routes from there.
        app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files });
    }

    private static Task SecurityHeaders(HttpContext http, RequestDelegate next)
    {
        var headers = http.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return next(http);
    }
}
