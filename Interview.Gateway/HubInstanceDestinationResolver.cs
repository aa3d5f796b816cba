using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace Interview.Gateway;

/// <summary>
/// Expands the hub cluster's one configured destination (<c>http://collab-hub</c>) into every live hub
/// instance, so YARP places each session on one instance and health-checks per instance. Aspire's service
/// discovery sees only the replicas' shared proxy, which would defeat that placement (negotiate and connect
/// landing on different instances); it remains the fallback while no instance has registered. Every
/// other destination goes to the wrapped resolver (service discovery) unchanged.
/// </summary>
public sealed class HubInstanceDestinationResolver(IDestinationResolver inner, HubInstances instances, IOptions<HubInstancesOptions> options)
    : IDestinationResolver
{
    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        if (!destinations.Values.Any(IsHubService)) return await inner.ResolveDestinationsAsync(destinations, cancellationToken);

        var token = instances.ChangeToken;
        var live = instances.Current;
        if (live.Count == 0)
        {
            var fallback = await inner.ResolveDestinationsAsync(destinations, cancellationToken);
            return new(fallback.Destinations, fallback.ChangeToken is null ? token : new CompositeChangeToken([token, fallback.ChangeToken]));
        }

        var resolved = live.ToDictionary(HubInstances.DestinationId, i => new DestinationConfig { Address = i.Address.ToString() }, StringComparer.OrdinalIgnoreCase);
        return new(resolved, token);
    }

    private bool IsHubService(DestinationConfig destination) =>
        Uri.TryCreate(destination.Address, UriKind.Absolute, out var address)
        && string.Equals(address.Host, options.Value.ServiceName, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Wiring of the hub instance discovery into the gateway.</summary>
public static class HubInstancesExtensions
{
    /// <summary>
    /// Reads the hub registry from Redis and puts <see cref="HubInstanceDestinationResolver"/> in front of the
    /// destination resolver registered so far (call it after <c>AddGateway</c>), and adds the
    /// <see cref="ConnectionFailureHealthPolicy"/>, so a killed instance leaves the pool on its first refused connection,
    /// and the <see cref="SessionBalancing"/> the hub cluster names.
    /// </summary>
    public static TBuilder AddHubInstances<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // The gateway's readiness must not depend on Redis: it keeps routing to the known instances without it.
        builder.AddRedisClient("redis", settings => settings.DisableHealthChecks = true);
        builder.Services.AddOptions<HubInstancesOptions>().BindConfiguration(HubInstancesOptions.SectionName);
        builder.Services.AddSingleton<HubInstances>();
        builder.Services.AddHostedService(services => services.GetRequiredService<HubInstances>());

        var wrapped = builder.Services.LastOrDefault(d => d.ServiceType == typeof(IDestinationResolver))
            ?? throw new InvalidOperationException("Register the gateway's destination resolver (AddGateway) before AddHubInstances.");
        builder.Services.Remove(wrapped);
        builder.Services.AddSingleton<IDestinationResolver>(services => new HubInstanceDestinationResolver(
            Create(services, wrapped), services.GetRequiredService<HubInstances>(), services.GetRequiredService<IOptions<HubInstancesOptions>>()));

        builder.Services.AddSingleton<IPassiveHealthCheckPolicy, ConnectionFailureHealthPolicy>();
        builder.Services.AddSingleton<ILoadBalancingPolicy, SessionBalancing>();
        return builder;
    }

    private static IDestinationResolver Create(IServiceProvider services, ServiceDescriptor descriptor) => (IDestinationResolver)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
