using System.ComponentModel.DataAnnotations;

namespace Interview.SessionApi.Sessions;

/// <summary>Settings of the sessions feature, bound from the <c>Sessions</c> configuration section.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>How long a session lives after its last activity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Sessions one client may create per <see cref="CreateWindow"/>.</summary>
    [Range(1, 10_000)]
    public int CreatePermitLimit { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CreateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The address users open (the gateway), used to build share links. When empty, links are built
    /// from the request as the gateway forwarded it (X-Forwarded-Host/Proto).
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
