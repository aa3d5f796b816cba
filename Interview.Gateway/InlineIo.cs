namespace Interview.Gateway;

/// <summary>
/// In proxy mode the gateway only moves WebSocket frames and HTTP bodies between sockets and never blocks, so
/// its socket completions and Kestrel's continuations run on the thread that saw the socket ready instead of
/// being handed to the thread pool first: one hop less per frame, 15–20 % less gateway CPU under the 100- and
/// 300-room benchmark (docs/performance.md). Off with <c>Gateway__InlineIo=false</c>, e.g. for middleware
/// that blocks. Not in all-in-one mode: there the hub runs in this process, and gained nothing from it.
/// </summary>
public static class InlineIo
{
    // Read by the runtime once, when the process first waits on a socket: set before the host starts.
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static WebApplicationBuilder UseInlineIo(this WebApplicationBuilder builder)
    {
        if (!GatewayOptions.From(builder.Configuration).InlineIo) return builder;
        Environment.SetEnvironmentVariable(InlineCompletions, "1");
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        return builder;
    }
}
