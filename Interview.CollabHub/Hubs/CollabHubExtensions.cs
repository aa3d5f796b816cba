using Interview.CollabHub.Documents;
using Interview.CollabHub.Interviewing;
using Interview.CollabHub.Scaling;
using Interview.CollabHub.Telemetry;
using Interview.SessionApi.Sessions;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interview.CollabHub.Hubs;

/// <summary>Wiring of the collaboration feature, composable into any host.</summary>
public static class CollabHubExtensions
{
    public const string HubPath = "/hubs/collab";

    /// <summary>
    /// SignalR (JSON and MessagePack) on the Redis backplane, the stores the hub works with, the admission
    /// rules for hub requests, and this instance's part in a scaled-out deployment.
    /// </summary>
    public static TBuilder AddCollabHub<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.UntracedRedisCommands();
        builder.AddSessionStore();
        // Hub URLs carry the session id (?session=…), which grants access to the session: whatever host runs the
        // hub, request lines are not logged. (An appsettings.json here would also be copied into every project
        // that references this one, over their own.)
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        AddDocuments(builder.Services);
        AddAdmission(builder.Services);
        builder.Services.AddSignalR(o =>
            {
                // Set on purpose (never 0 = unlimited): twice the largest update we accept, so a too-large
                // update gets its clear error from the hub instead of a closed connection.
                o.MaximumReceiveMessageSize = 512 * 1024;
                // Exception details (beyond the documented codes) only where developers look at them.
                o.EnableDetailedErrors = builder.Environment.IsDevelopment();
                // One call at a time per connection, in order (SignalR's default, pinned): Confirm's answer means that
                // every SendUpdate before it was handled, and its Refused event (if any) written (docs/protocol.md).
                o.MaximumParallelInvocationsPerClient = 1;
                o.AddFilter<CallFilter>();
                o.AddFilter<RateLimitFilter>();
            })
            .AddMessagePackProtocol()
            .AddStackExchangeRedis();
        AddScaleOut(builder.Services);
        // The interviewer's changes, from the sessions API to this instance's connections.
        builder.Services.AddSingleton<EndedSessions>();
        builder.Services.AddHostedService<SessionEventRelay>();
        return builder;
    }

    /// <summary>The setting that turns the Redis client's command tracing off (Aspire's client settings).</summary>
    public const string RedisTracingOff = "Aspire:StackExchange:Redis:DisableTracing";

    /// <summary>
    /// No span per Redis command unless <see cref="RedisTracingOff"/> is configured; call it before the Redis client
    /// is registered, which reads its settings then. Each keystroke is a Redis command, and the client's tracing
    /// kept every one with its own span until its 10-second flush, all under the connection's hour-long request
    /// span: noise in the traces, and the objects that made the hub's gen 1 collections stop it for 40–120 ms under
    /// the 100-room benchmark (3–4 ms without; docs/performance.md, "The tail").
    /// </summary>
    public static void UntracedRedisCommands(this IHostApplicationBuilder builder) => builder.Configuration[RedisTracingOff] ??= "true";

    private static void AddDocuments(IServiceCollection services)
    {
        services.AddOptions<DocumentOptions>()
            .BindConfiguration(DocumentOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<DocumentSizes>();
        services.AddSingleton<PresenceStore>();
        services.AddSingleton<ParticipantStore>();
        services.AddSingleton<SessionActivity>();
        services.AddSingleton<HubConnections>();
        services.AddSingleton<CollabMetrics>();
    }

    private static void AddAdmission(IServiceCollection services)
    {
        services.AddOptions<HubSecurityOptions>()
            .BindConfiguration(HubSecurityOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<HubAdmission>();
        services.Configure<ForwardedHeadersOptions>(o =>
            // The gateway says who the client is and which host and scheme it used (for the origin check and the
            // per-client connection limit); only loopback proxies are trusted (the defaults' KnownProxies).
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost);
    }

    /// <summary>The backplane on its own Redis connection, the Resync after an outage, and the instance registry.</summary>
    private static void AddScaleOut(IServiceCollection services)
    {
        services.AddOptions<ScaleOutOptions>()
            .BindConfiguration(ScaleOutOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<BackplaneConnection>();
        services.AddOptions<RedisOptions>().Configure<BackplaneConnection, IOptions<ScaleOutOptions>>((o, backplane, scaleOut) =>
        {
            o.Configuration.ChannelPrefix = RedisChannel.Literal(scaleOut.Value.ChannelPrefix);
            o.ConnectionFactory = _ => backplane.GetAsync();
        });
        // Group sends reach this instance's own connections without a round trip through Redis.
        services.AddSingleton(typeof(RedisHubLifetimeManager<>));
        services.AddSingleton<LocalFirstHubLifetimeManager<CollabHub>>();
        // The same instance: the hub also sends through it directly (local-only relays).
        services.AddSingleton<HubLifetimeManager<CollabHub>>(sp => sp.GetRequiredService<LocalFirstHubLifetimeManager<CollabHub>>());
        services.AddHostedService<BackplaneResync>();
        services.AddSingleton<HubInstanceRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<HubInstanceRegistry>());
    }

    /// <summary>Maps the hub at <see cref="HubPath"/>, behind the origin check, the connection limit and the session check.</summary>
    public static WebApplication MapCollabHub(this WebApplication app)
    {
        app.UseForwardedHeaders();
        var admission = app.Services.GetRequiredService<HubAdmission>();
        app.UseWhen(http => http.Request.Path.StartsWithSegments(HubPath), branch => branch.Use(admission.Check).Use(SessionGate.Check));
        app.MapHub<CollabHub>(HubPath);
        return app;
    }
}
