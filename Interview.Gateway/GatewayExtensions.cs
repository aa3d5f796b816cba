using Microsoft.AspNetCore.StaticFiles;
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
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = SetCacheHeaders });
        // /s/{id} and every other client route load index.html; the client routes from there.
        app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files, OnPrepareResponse = SetCacheHeaders });
    }

    private static void SetCacheHeaders(StaticFileResponseContext context)
    {
        // Vite puts content-hashed names under /assets: they never change, so cache them for a year.
        // Everything else (index.html above all) must be revalidated so a deploy shows up at once.
        context.Context.Response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
            ? "public, max-age=31536000, immutable"
            : "no-cache";
    }

    private static Task SecurityHeaders(HttpContext http, RequestDelegate next)
    {
        var headers = http.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return next(http);
    }
}
