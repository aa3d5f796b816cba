using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Configuration;

namespace Interview.Gateway;

/// <summary>
/// The gateway: <c>/api</c> → session-api, <c>/hubs</c> → collab-hub, everything else → the web client.
/// In all-in-one mode (the container) <c>/api</c> and <c>/hubs</c> are served by this process instead.
/// </summary>
public static class GatewayExtensions
{
    /// <summary>
    /// YARP from the <c>ReverseProxy</c> section, plus a catch-all route to the dev server when one is configured.
    /// In <see cref="GatewayOptions.AllInOneMode"/> the <c>/api</c> and <c>/hubs</c> routes are not loaded: those
    /// paths are endpoints of this process (the host adds them), not services to proxy to.
    /// </summary>
    public static TBuilder AddGateway<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = GatewayOptions.From(builder.Configuration);
        builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.SectionName));
        builder.Services.Configure<RouteOptions>(o => o.SetParameterPolicy<ClientRouteConstraint>(ClientRouteConstraint.Name));
        var allInOne = GatewayOptions.IsAllInOne(builder.Configuration);
        if (!Proxies(options, allInOne)) return builder;

        var proxy = builder.Services.AddReverseProxy();
        if (!allInOne)
        {
            proxy.LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
                .AddServiceDiscoveryDestinationResolver();
        }
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
        var options = GatewayOptions.From(app.Configuration);
        app.UseWebSockets();
        // First, so every response carries them: the client's, the proxied services' and, in all-in-one
        // mode, those of the sessions API and the hub that run in this process.
        app.Use(SecurityHeaders);

        if (string.IsNullOrWhiteSpace(options.WebDevServer)) MapStaticClient(app, options);
        if (Proxies(options, GatewayOptions.IsAllInOne(app.Configuration))) app.MapReverseProxy();
        return app;
    }

    /// <summary>Whether YARP has anything to do: the services in proxy mode, or a dev server in either mode.</summary>
    private static bool Proxies(GatewayOptions options, bool allInOne) =>
        !allInOne || !string.IsNullOrWhiteSpace(options.WebDevServer);

    private static void MapStaticClient(WebApplication app, GatewayOptions options)
    {
        var files = string.IsNullOrWhiteSpace(options.WebRoot)
            ? app.Environment.WebRootFileProvider
            : new PhysicalFileProvider(Path.GetFullPath(options.WebRoot));
        // The built client's security, isolation and cache headers (the dev server sets its own).
        app.Use(ClientHeaders.Apply);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        // /s/{id} and every other client route load index.html; the client routes from there. Not /api or /hubs:
        // an unknown path there is a 404 ProblemDetails, not the client's HTML. (A 404 endpoint of its own for
        // those paths would not do: routing sends a request without Content-Type, an empty POST, only to the
        // endpoints that accept any content type when one exists, so it would shadow POST /api/sessions.)
        app.MapFallbackToFile(ClientRoutes, "index.html", new StaticFileOptions { FileProvider = files });
    }

    private const string ClientRoutes = $"{{*path:nonfile:{ClientRouteConstraint.Name}}}";

    private static Task SecurityHeaders(HttpContext http, RequestDelegate next)
    {
        var headers = http.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return next(http);
    }

    /// <summary>Matches the paths the client routes: every path (the root too) except those under <c>/api</c> and <c>/hubs</c>.</summary>
    private sealed class ClientRouteConstraint : IRouteConstraint
    {
        public const string Name = "client";

        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            values[routeKey] is not string path || !(IsUnder(path, "api") || IsUnder(path, "hubs"));

        // Routing ignores case (/API/sessions is the API), so this does too.
        private static bool IsUnder(string path, string segment) =>
            path.StartsWith(segment, StringComparison.OrdinalIgnoreCase)
            && (path.Length == segment.Length || path[segment.Length] == '/');
    }
}
