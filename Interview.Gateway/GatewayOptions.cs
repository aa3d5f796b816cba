namespace Interview.Gateway;

/// <summary>How the gateway serves the web client, bound from the <c>Gateway</c> section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// Address of the Vite dev server (e.g. <c>http://web</c>, resolved by service discovery). When set,
    /// every path that is not <c>/api</c> or <c>/hubs</c> goes there, HMR WebSockets included.
    /// </summary>
    public string? WebDevServer { get; set; }

    /// <summary>Folder of the built client; empty means the host's <c>wwwroot</c>. Used when no dev server is set.</summary>
    public string? WebRoot { get; set; }
}
