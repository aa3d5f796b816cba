using System.ComponentModel.DataAnnotations;

namespace Interview.CollabHub.Scaling;

/// <summary>How this hub instance takes part in a scaled-out deployment, bound from <c>ScaleOut</c>.</summary>
public sealed class ScaleOutOptions
{
    public const string SectionName = "ScaleOut";

    /// <summary>
    /// The address the gateway should use to reach this instance directly (e.g. <c>http://10.0.3.7:8080</c>).
    /// Empty: the address the server listens on, with a wildcard host read as <c>localhost</c>.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>How often the instance renews its registry entry (and its participants' presence).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an entry lasts without renewal: a killed instance leaves the registry after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan InstanceTimeToLive { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>SignalR backplane channel prefix, so several deployments can share one Redis.</summary>
    [Required]
    public string ChannelPrefix { get; set; } = "interview";
}
