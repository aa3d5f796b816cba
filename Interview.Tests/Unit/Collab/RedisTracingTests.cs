using Interview.CollabHub.Hubs;
using Interview.Gateway.AllInOne;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Interview.Tests.Unit.Collab;

/// <summary>Every keystroke is a Redis command: the hub does not trace them unless an operator asks for it.</summary>
public sealed class RedisTracingTests
{
    [Fact]
    public void TheHubRegistersNoRedisCommandTracingByDefault()
    {
        var builder = HubHost(tracingOff: null);

        Assert.Equal("true", builder.Configuration[CollabHubExtensions.RedisTracingOff]);
        Assert.False(TracesRedisCommands(builder.Services));
    }

    [Fact]
    public void AnOperatorWhoWantsRedisSpansGetsThem()
    {
        var builder = HubHost(tracingOff: "false");

        Assert.Equal("false", builder.Configuration[CollabHubExtensions.RedisTracingOff]);
        Assert.True(TracesRedisCommands(builder.Services));
    }

    [Fact]
    public void TheSingleContainerRegistersNoRedisCommandTracingEither()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["ConnectionStrings:redis"] = "127.0.0.1:1";
        builder.Configuration["Gateway:Mode"] = "all-in-one";
        builder.AddAllInOne();

        Assert.False(TracesRedisCommands(builder.Services));
    }

    private static WebApplicationBuilder HubHost(string? tracingOff)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["ConnectionStrings:redis"] = "127.0.0.1:1";
        if (tracingOff is not null) builder.Configuration[CollabHubExtensions.RedisTracingOff] = tracingOff;
        builder.AddCollabHub();
        return builder;
    }

    // The Redis client registers its instrumentation with the tracer provider only when tracing is on.
    private static bool TracesRedisCommands(IServiceCollection services) =>
        services.Any(d => d.ServiceType.FullName == "OpenTelemetry.Instrumentation.StackExchangeRedis.StackExchangeRedisInstrumentation");
}
