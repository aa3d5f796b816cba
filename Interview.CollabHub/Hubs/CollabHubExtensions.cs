using Interview.CollabHub.Documents;
using Interview.CollabHub.Scaling;
using Interview.CollabHub.Telemetry;
using Interview.SessionApi.Sessions;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace Interview.CollabHub.Hubs;

/// <summary>Wiring of the collaboration feature, composable into any host.</summary>
public static class CollabHubExtensions
{
    public const string HubPath = "/hubs/collab";

    /// <summary>SignalR (JSON and MessagePack) and the session store the hub checks against.</summary>
    public static TBuilder AddCollabHub<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddSessionStore();
        builder.Services.AddOptions<DocumentOptions>()
            .BindConfiguration(DocumentOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<HubSecurityOptions>()
            .BindConfiguration(HubSecurityOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<HubAdmission>();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
            // The gateway says who the client is and which host and scheme it used (for the origin check and the
            // per-client connection limit); only loopback proxies are trusted (the defaults' KnownProxies).
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost);
        builder.Services.AddOptions<ScaleOutOptions>()
            .BindConfiguration(ScaleOutOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<DocumentStore>();
        builder.Services.AddSingleton<DocumentSizes>();
        builder.Services.AddSingleton<PresenceStore>();
        builder.Services.AddSingleton<ParticipantStore>();
        builder.Services.AddSingleton<SessionActivity>();
        builder.Services.AddSingleton<HubConnections>();
        builder.Services.AddSingleton<CollabMetrics>();
        builder.Services.AddSignalR(o =>
            {
                // Set on purpose (never 0 = unlimited): twice the largest update we accept, so a too-large
                // update gets its clear error from the hub instead of a closed connection.
                o.MaximumReceiveMessageSize = 512 * 1024;
                // Exception details (beyond the documented codes) only where developers look at them.
                o.EnableDetailedErrors = builder.Environment.IsDevelopment();
                o.AddFilter<CallFilter>();
                o.AddFilter<RateLimitFilter>();
            })
            .AddMessagePackProtocol()
            .AddStackExchangeRedis();
        builder.Services.AddSingleton<BackplaneConnection>();
        builder.Services.AddOptions<RedisOptions>().Configure<BackplaneConnection, Microsoft.Extensions.Options.IOptions<ScaleOutOptions>>((o, backplane, scaleOut) =>
        {
            o.Configuration.ChannelPrefix = RedisChannel.Literal(scaleOut.Value.ChannelPrefix);
            o.ConnectionFactory = _ => backplane.GetAsync();
        });
        builder.Services.AddHostedService<BackplaneResync>();
        builder.Services.AddSingleton<HubInstanceRegistry>();
        builder.Services.AddHostedService(services => services.GetRequiredService<HubInstanceRegistry>());
        return builder;
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
