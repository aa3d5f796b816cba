using Interview.CollabHub.Documents;
using Interview.SessionApi.Sessions;
using Microsoft.AspNetCore.SignalR;

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
        builder.Services.AddSingleton<DocumentStore>();
        builder.Services.AddSingleton<PresenceStore>();
        builder.Services.AddSingleton<SessionActivity>();
        builder.Services.AddSignalR(o =>
            {
                // Set on purpose (never 0 = unlimited): twice the largest update we accept, so a too-large
                // update gets its clear error from the hub instead of a closed connection.
                o.MaximumReceiveMessageSize = 512 * 1024;
                o.AddFilter<RateLimitFilter>();
            })
            .AddMessagePackProtocol();
        return builder;
    }

    /// <summary>Maps the hub at <see cref="HubPath"/>, behind the session check.</summary>
    public static WebApplication MapCollabHub(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments(HubPath), branch => branch.Use(SessionGate.Check));
        app.MapHub<CollabHub>(HubPath);
        return app;
    }
}
