using System.Globalization;
using System.Threading.RateLimiting;
using Interview.SessionApi.Interviewing;
using Interview.SessionApi.Questions;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Interview.SessionApi.Sessions;

/// <summary>Wiring of the sessions feature, so any host (the API, the hub, the single container) can compose it.</summary>
public static class SessionsExtensions
{
    /// <summary>Name of the Redis connection string every feature shares.</summary>
    public const string RedisConnectionName = "redis";
    private const string CreatePolicy = "create-session";

    /// <summary>
    /// The session store alone (options, Redis client, <see cref="SessionStore"/>), with what the hub shares of
    /// the interview: the question library (loaded and validated here, so bad data stops the start),
    /// <see cref="InterviewStore"/> and <see cref="SessionEvents"/>. Idempotent, because several features of one
    /// process each need it.
    /// </summary>
    public static TBuilder AddSessionStore<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(SessionStore))) return builder;

        builder.Services.AddOptions<SessionOptions>()
            .BindConfiguration(SessionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddRedisClient(RedisConnectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton(QuestionLibrary.LoadEmbedded());
        builder.Services.AddSingleton<InterviewStore>();
        builder.Services.AddSingleton<SessionEvents>();
        return builder;
    }

    /// <summary>The sessions HTTP API: store, per-client rate limit on creation, OpenAPI, forwarded headers.</summary>
    public static TBuilder AddSessions<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddSessionStore();
        // Session ids in paths grant access to the session, as on the hub: request lines are not logged.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Services.AddOpenApi();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
            // The gateway in front of us says who the client is and which host/scheme it used;
            // only loopback proxies are trusted (the defaults' KnownProxies), so clients cannot spoof it.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(CreatePolicy, http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<SessionOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.CreatePermitLimit,
                        Window = options.CreateWindow,
                        QueueLimit = 0,
                    });
            });
            limiter.OnRejected = WriteTooManyRequests;
        });
        return builder;
    }

    /// <summary>Maps <c>/api/sessions</c> with the interviewer's controls, <c>/api/questions</c> (and the OpenAPI document in development).</summary>
    public static WebApplication MapSessions(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseRateLimiter();

        if (app.Environment.IsDevelopment()) app.MapOpenApi("/api/openapi/{documentName}.json");

        var sessions = app.MapGroup("/api/sessions").WithTags("Sessions");
        sessions.MapPost("/", SessionEndpoints.Create).RequireRateLimiting(CreatePolicy).WithName("CreateSession");
        sessions.MapGet("/{id}", SessionEndpoints.Get).WithName("GetSession");
        sessions.MapInterviewerControls();
        app.MapQuestions();
        return app;
    }

    private static async ValueTask WriteTooManyRequests(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many interviews created",
                Detail = $"You have created too many interviews in a short time. Try again in {seconds} seconds.",
            },
        });
    }
}
