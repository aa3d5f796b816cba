using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Interview.CollabHub.Hubs;

/// <summary>Who may open hub connections, bound from the <c>HubSecurity</c> section.</summary>
public sealed class HubSecurityOptions
{
    public const string SectionName = "HubSecurity";

    /// <summary>
    /// Browser origins allowed besides the hub's own public origin (the gateway's, as forwarded), e.g. a
    /// separately hosted client. In development any <c>http://localhost:*</c> / <c>http://127.0.0.1:*</c> too.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>New connections (negotiations and negotiation-less connects) one client address may open per window.</summary>
    [Range(1, 100_000)]
    public int ConnectPermitLimit { get; set; } = 120;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ConnectWindow { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The checks a hub request passes before SignalR sees it: a browser's <c>Origin</c> must be allowed
/// (stops other sites from opening sockets with a visitor's browser), and one client address may open
/// only so many connections per window (each costs a socket and a Redis subscription). Requests of an
/// existing connection (long polling, SSE sends: they carry <c>id</c>) are not counted.
/// </summary>
public sealed class HubAdmission(IOptions<HubSecurityOptions> options, IHostEnvironment environment) : IDisposable
{
    private readonly PartitionedRateLimiter<string> connects = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.ConnectPermitLimit,
            Window = options.Value.ConnectWindow,
            QueueLimit = 0,
        }));

    public async Task Check(HttpContext http, RequestDelegate next)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsAllowed(origin, http.Request))
        {
            await Results.Problem(
                title: "Origin not allowed",
                detail: "This page may not connect to the collaboration hub.",
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
            return;
        }

        if (!http.Request.Query.ContainsKey("id"))
        {
            using var lease = connects.AttemptAcquire(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            if (!lease.IsAcquired)
            {
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Value.ConnectWindow;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                    title: "Too many connections",
                    detail: "Too many connections from your address in a short time; try again shortly.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    }

    private bool IsAllowed(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)) return false;
        // The hub's own public origin: the gateway forwards the host and scheme the browser used.
        if (string.Equals(origin.TrimEnd('/'), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)) return true;
        if (options.Value.AllowedOrigins.Any(a => string.Equals(a.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))) return true;
        // The Vite dev server (its proxy keeps the browser's Origin) and other local tools while developing.
        return environment.IsDevelopment() && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback;
    }

    public void Dispose() => connects.Dispose();
}
