namespace Interview.Gateway;

/// <summary>How the gateway serves the web client, bound from the <c>Gateway</c> section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>The default: <c>/api</c> and <c>/hubs</c> are proxied to the session-api and collab-hub services.</summary>
    public const string ProxyMode = "proxy";

    /// <summary>The single container: the sessions API and the hub run inside the gateway's own process.</summary>
    public const string AllInOneMode = "all-in-one";

    /// <summary><see cref="ProxyMode"/> (default) or <see cref="AllInOneMode"/>.</summary>
    public string Mode { get; set; } = ProxyMode;

    /// <summary>
    /// Address of the Vite dev server (e.g. <c>http://web</c>, resolved by service discovery). When set,
    /// every path that is not <c>/api</c> or <c>/hubs</c> goes there, HMR WebSockets included.
    /// </summary>
    public string? WebDevServer { get; set; }

    /// <summary>Folder of the built client; empty means the host's <c>wwwroot</c>. Used when no dev server is set.</summary>
    public string? WebRoot { get; set; }

    /// <summary>Proxy mode: socket I/O runs inline instead of through the thread pool (<see cref="Gateway.InlineIo"/>).</summary>
    public bool InlineIo { get; set; } = true;

    /// <summary>The options as configured, for the start-up code that composes the gateway from them.</summary>
    public static GatewayOptions From(IConfiguration configuration) => configuration.GetSection(SectionName).Get<GatewayOptions>() ?? new();

    /// <summary>Reads the mode, refusing anything unknown (a typo must not silently start a proxy to nowhere).</summary>
    public static bool IsAllInOne(IConfiguration configuration)
    {
        var mode = configuration[$"{SectionName}:{nameof(Mode)}"];
        return mode switch
        {
            null or "" or ProxyMode => false,
            AllInOneMode => true,
            _ => throw new InvalidOperationException($"Gateway:Mode must be '{ProxyMode}' or '{AllInOneMode}', not '{mode}'."),
        };
    }
}
