using Interview.CollabHub.Hubs;
using Interview.SessionApi.Sessions;

namespace Interview.Gateway.AllInOne;

/// <summary>
/// The single-container host: the sessions API and the collaboration hub run inside the gateway's process,
/// composed through the same <c>AddSessions</c>/<c>MapSessions</c> and <c>AddCollabHub</c>/<c>MapCollabHub</c>
/// their own services use, so there is one code path for each feature.
/// </summary>
public static class AllInOneExtensions
{
    /// <summary>True when <c>Gateway:Mode</c> is <c>all-in-one</c>.</summary>
    public static bool IsAllInOne(this IHostApplicationBuilder builder) => GatewayOptions.IsAllInOne(builder.Configuration);

    /// <inheritdoc cref="IsAllInOne(IHostApplicationBuilder)"/>
    public static bool IsAllInOne(this WebApplication app) => GatewayOptions.IsAllInOne(app.Configuration);

    /// <summary>
    /// The store, then the features. <c>ConnectionStrings:redis</c> set: that Redis, which several containers
    /// can share (the hub's Redis backplane, part of <c>AddCollabHub</c>, relays between them). Unset: an
    /// <see cref="EmbeddedStore"/> in this process, persisted to <c>Store:DataPath</c> when that is set.
    /// </summary>
    public static TBuilder AddAllInOne<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var redis = builder.Configuration.GetConnectionString(SessionsExtensions.RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis)) builder.AddEmbeddedStore();
        // Before AddSessions, which registers the Redis client the hub shares.
        builder.UntracedRedisCommands();
        builder.AddSessions();
        builder.AddCollabHub();
        return builder;
    }

    /// <summary>Maps <c>/api/sessions</c> and the hub at <c>/hubs/collab</c> in this process.</summary>
    public static WebApplication MapAllInOne(this WebApplication app)
    {
        app.MapSessions();
        app.MapCollabHub();
        return app;
    }

    private static void AddEmbeddedStore(this IHostApplicationBuilder builder)
    {
        var endpoint = EmbeddedStore.Endpoint.Choose();
        // Before AddSessions: the Redis client takes its connection string when it is registered.
        builder.Configuration.AddInMemoryCollection(
            [new($"ConnectionStrings:{SessionsExtensions.RedisConnectionName}", endpoint.ConnectionString)]);
        builder.Services.AddOptions<StoreOptions>()
            .BindConfiguration(StoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(endpoint);
        // A hosted service registered before the features' own, so the server listens before anything connects.
        builder.Services.AddSingleton<EmbeddedStore>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EmbeddedStore>());
    }
}
