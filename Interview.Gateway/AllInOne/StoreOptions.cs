using System.ComponentModel.DataAnnotations;

namespace Interview.Gateway.AllInOne;

/// <summary>
/// The embedded store of the all-in-one host, bound from the <c>Store</c> section. Used only when no
/// <c>ConnectionStrings:redis</c> is configured.
/// </summary>
public sealed class StoreOptions
{
    public const string SectionName = "Store";

    /// <summary>
    /// Folder (a volume in the container) where the embedded store keeps its append-only file and
    /// checkpoints, so sessions and documents survive a restart. Empty: memory only.
    /// </summary>
    public string? DataPath { get; set; }

    /// <summary>
    /// Time between background checkpoints. Every write is in the append-only file at once; a checkpoint
    /// lets the store drop the file's older segments and shortens the replay at start.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);
}
